import type { TemplateCard } from '@labforge/contracts';
import { useId } from 'react';
import { Link } from 'react-router';
import { paths } from '../../../lib/paths.js';
import {
  dateWords,
  diskWords,
  driverWords,
  firmwareWords,
  hardwareWords,
  sharingWords,
  versionWords,
} from '../utils/card-words.js';

interface Props {
  card: TemplateCard;
  me: string;
  onEdit: (card: TemplateCard) => void;
  onRetire: (card: TemplateCard) => void;
  onUnretire: (card: TemplateCard) => void;
}

/** One template in teacher words: what it is, who made it, who can use it, what to do with it. */
export function TemplateCardView({ card, me, onEdit, onRetire, onUnretire }: Props) {
  const titleId = useId();
  const disks = diskWords(card.hardware);
  const drivers = driverWords(card);
  return (
    <li className="card template-card">
      <article aria-labelledby={titleId}>
        <div className="template-card-head">
          <h2 id={titleId}>{card.name}</h2>
          <div className="template-badges">
            <span className={card.family.newest ? 'badge badge-succeeded' : 'badge'}>
              {versionWords(card)}
            </span>
            {card.retired ? <span className="badge badge-failed">Retired</span> : null}
            {card.missing ? <span className="badge badge-failed">Missing in Proxmox</span> : null}
          </div>
        </div>
        {card.description ? <p className="template-description">{card.description}</p> : null}
        <dl className="template-facts">
          <dt>Operating system</dt>
          <dd>{card.os_label}</dd>
          <dt>Hardware</dt>
          <dd>{hardwareWords(card.hardware)}</dd>
          {disks.length > 0 ? (
            <>
              <dt>Disks</dt>
              <dd>{disks.join('; ')}</dd>
            </>
          ) : null}
          <dt>Firmware</dt>
          <dd>{firmwareWords(card.hardware)}</dd>
          {drivers ? (
            <>
              <dt>Windows drivers</dt>
              <dd>{drivers}</dd>
            </>
          ) : null}
          <dt>Made by</dt>
          <dd>
            {card.author.username === me ? 'You' : card.author.display_name} on{' '}
            {dateWords(card.created_at)}
          </dd>
          <dt>Who can use it</dt>
          <dd>{sharingWords(card, me)}</dd>
          {card.retired ? (
            <>
              <dt>Retired</dt>
              <dd>
                {card.retired_at ? dateWords(card.retired_at) : ''}
                {card.retired_by ? ` by ${card.retired_by}` : ''}
              </dd>
            </>
          ) : null}
        </dl>
        {card.missing ? (
          <p className="warning-text">
            Proxmox no longer has this template (VM {card.vmid}); it cannot be deployed.
          </p>
        ) : null}
        {card.tags.length > 0 ? (
          <ul className="template-tags" aria-label="Tags">
            {card.tags.map((t) => (
              <li key={t} className="badge">
                {t}
              </li>
            ))}
          </ul>
        ) : null}
        <div className="form-actions">
          {card.can.use ? (
            <Link
              className="button-primary"
              to={paths.classDeploy(card.cluster_id, card.vmid)}
              aria-label={`Deploy a class from ${card.name}`}
            >
              Deploy a class
            </Link>
          ) : null}
          {card.can.edit ? (
            <button type="button" onClick={() => onEdit(card)} aria-label={`Edit ${card.name}`}>
              Edit
            </button>
          ) : null}
          {card.can.retire && !card.retired ? (
            <button type="button" onClick={() => onRetire(card)} aria-label={`Retire ${card.name}`}>
              Retire
            </button>
          ) : null}
          {card.can.retire && card.retired ? (
            <button
              type="button"
              onClick={() => onUnretire(card)}
              aria-label={`Bring back ${card.name}`}
            >
              Bring back
            </button>
          ) : null}
        </div>
      </article>
    </li>
  );
}
