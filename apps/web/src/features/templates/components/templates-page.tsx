import { OS_TYPE_LABELS, type OsType, type TemplateCard } from '@labforge/contracts';
import { useMemo, useState } from 'react';
import { Alert } from '../../../components/ui/alert.js';
import { Field } from '../../../components/ui/field.js';
import { Spinner } from '../../../components/ui/spinner.js';
import { useRetireTemplate, useTemplateCards } from '../api/templates.js';
import { matchesFilter, type CardFilter } from '../utils/card-words.js';
import { EditDialog } from './edit-dialog.js';
import { RetireDialog } from './retire-dialog.js';
import { TemplateCardView } from './template-card.js';
import './templates.css';

interface Props {
  clusterId: string;
  /** The signed-in user's username ("You" on their own cards). */
  me: string;
  admin: boolean;
}

/** The templates the user may use: search, versions, sharing, retire, deploy a class. */
export function TemplatesPage({ clusterId, me, admin }: Props) {
  const [showRetired, setShowRetired] = useState(false);
  const cards = useTemplateCards(clusterId, showRetired);
  const [filter, setFilter] = useState<CardFilter>({ text: '', os: '', tag: '' });
  const [editing, setEditing] = useState<TemplateCard>();
  const [retiring, setRetiring] = useState<TemplateCard>();
  const [notice, setNotice] = useState<{ tone: 'info' | 'warning'; text: string }>();
  const unretire = useRetireTemplate();

  const all = useMemo(() => cards.data?.templates ?? [], [cards.data]);
  const shown = all.filter((c) => matchesFilter(c, filter));
  const tags = [...new Set(all.flatMap((c) => c.tags))].sort();
  const osTypes = [...new Map(all.map((c) => [c.os_type, c.os_label])).entries()].sort((a, b) =>
    a[1].localeCompare(b[1]),
  );

  return (
    <div className="templates-page">
      <div className="page-header">
        <h1>Templates</h1>
        <p>
          {admin
            ? 'Every template LabForge built or finalised in this cluster.'
            : 'Your templates and the ones other teachers shared with you. Deploy a class from any of them.'}
        </p>
      </div>
      <div role="search" aria-label="Find a template" className="card template-filters">
        <Field label="Search templates" className="template-filter">
          <input
            type="search"
            value={filter.text}
            placeholder="Name, description, tag or teacher"
            onChange={(e) => setFilter({ ...filter, text: e.target.value })}
          />
        </Field>
        <Field label="Operating system" className="template-filter">
          <select value={filter.os} onChange={(e) => setFilter({ ...filter, os: e.target.value })}>
            <option value="">Any</option>
            <option value="windows">Any Windows</option>
            <option value="linux">Any Linux</option>
            {osTypes.map(([id, label]) => (
              <option key={id} value={id}>
                {OS_TYPE_LABELS[id as OsType] ?? label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Tag" className="template-filter">
          <select
            value={filter.tag}
            onChange={(e) => setFilter({ ...filter, tag: e.target.value })}
          >
            <option value="">Any</option>
            {tags.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </Field>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={showRetired}
            onChange={(e) => setShowRetired(e.target.checked)}
          />
          Show retired templates
        </label>
      </div>
      {notice ? (
        <Alert
          tone={notice.tone}
          title={notice.tone === 'info' ? undefined : 'Saved, with a problem'}
        >
          {notice.text}
        </Alert>
      ) : null}
      {unretire.error ? (
        <Alert title="It was not brought back">{unretire.error.message}</Alert>
      ) : null}
      {cards.isPending ? <Spinner label="Loading templates…" /> : null}
      {cards.error ? (
        <Alert title="The templates cannot be shown">{cards.error.message}</Alert>
      ) : null}
      {cards.data ? (
        <>
          <p role="status" className="template-count">
            {shown.length === all.length
              ? `${all.length} ${all.length === 1 ? 'template' : 'templates'}`
              : `${shown.length} of ${all.length} templates match`}
          </p>
          {all.length === 0 ? (
            <p>
              No templates yet. Build a VM with “Convert to template after creation”, or finalise
              one on My VMs, and it appears here.
            </p>
          ) : null}
          <ul className="template-cards">
            {shown.map((c) => (
              <TemplateCardView
                key={`${c.cluster_id}/${c.vmid}`}
                card={c}
                me={me}
                onEdit={setEditing}
                onRetire={setRetiring}
                onUnretire={(card) =>
                  unretire.mutate(
                    { clusterId: card.cluster_id, vmid: card.vmid, retire: false },
                    { onSuccess: () => setNotice({ tone: 'info', text: `${card.name} is back.` }) },
                  )
                }
              />
            ))}
          </ul>
        </>
      ) : null}
      {editing ? (
        <EditDialog
          card={editing}
          others={all}
          onClose={() => setEditing(undefined)}
          onSaved={(warnings) => {
            setEditing(undefined);
            setNotice(
              warnings.length > 0
                ? { tone: 'warning', text: warnings.join(' ') }
                : { tone: 'info', text: `${editing.name} saved.` },
            );
          }}
        />
      ) : null}
      {retiring ? <RetireDialog card={retiring} onClose={() => setRetiring(undefined)} /> : null}
    </div>
  );
}
