import {
  templateTagSchema,
  TEMPLATE_VISIBILITY_LABELS,
  type TemplateCard,
  type TemplateCardUpdate,
  type TemplateVisibility,
} from '@labforge/contracts';
import { useId, useState, type FormEvent } from 'react';
import { Alert } from '../../../components/ui/alert.js';
import { Field, FieldError } from '../../../components/ui/field.js';
import { Modal } from '../../../components/ui/modal.js';
import { useShareableTeachers, useUpdateTemplate } from '../api/templates.js';

interface Props {
  card: TemplateCard;
  /** The other cards the user can see: what this one can be a new version of. */
  others: readonly TemplateCard[];
  onClose: () => void;
  onSaved: (warnings: string[]) => void;
}

const VISIBILITIES: TemplateVisibility[] = ['private', 'teachers', 'named'];

/** Tags typed as words separated by spaces or commas; each checked against Proxmox's grammar. */
function parseTags(text: string): { tags: string[]; error?: string } {
  const tags = [...new Set(text.split(/[\s,;]+/).filter(Boolean))];
  for (const t of tags) {
    const r = templateTagSchema.safeParse(t);
    if (!r.success) return { tags, error: `“${t}”: ${r.error.issues[0]?.message ?? 'not a tag'}` };
  }
  if (tags.length > 20) return { tags, error: 'At most 20 tags' };
  return { tags };
}

/** Description, tags, who may use it, and "new version of"; only changed fields are sent. */
export function EditDialog({ card, others, onClose, onSaved }: Props) {
  const update = useUpdateTemplate();
  const [description, setDescription] = useState(card.description);
  const [tagText, setTagText] = useState(card.tags.join(' '));
  const [visibility, setVisibility] = useState<TemplateVisibility>(card.visibility);
  const [shared, setShared] = useState<string[]>(card.shared_with.map((p) => p.username));
  const current = card.family.id === `${card.cluster_id}/${card.vmid}` ? '' : card.family.id;
  const [versionOf, setVersionOf] = useState<string>('');
  const [tagError, setTagError] = useState<string>();
  const teachers = useShareableTeachers(card.cluster_id, visibility === 'named');
  const groupId = useId();
  const pickerId = useId();
  const candidates = others.filter((o) => o.vmid !== card.vmid && o.family.id !== card.family.id);

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseTags(tagText);
    setTagError(parsed.error);
    if (parsed.error) return;
    const patch: TemplateCardUpdate = {};
    if (description.trim() !== card.description) patch.description = description;
    if (parsed.tags.join(' ') !== card.tags.join(' ')) patch.tags = parsed.tags;
    if (visibility !== card.visibility) patch.visibility = visibility;
    const before = card.shared_with
      .map((p) => p.username)
      .sort()
      .join(',');
    if (visibility === 'named' && [...shared].sort().join(',') !== before)
      patch.shared_with = shared;
    if (versionOf === 'own' && current) patch.version_of = null;
    else if (versionOf && versionOf !== 'own') patch.version_of = Number(versionOf);
    if (Object.keys(patch).length === 0) return onClose();
    update.mutate(
      { clusterId: card.cluster_id, vmid: card.vmid, patch },
      { onSuccess: (answer) => onSaved(answer.warnings) },
    );
  }

  return (
    <Modal title={`Edit ${card.name}`} onClose={onClose} wide sheet>
      <form onSubmit={submit} noValidate className="template-edit">
        <Field
          label="Description"
          hint="What the template is for and how to sign in; Proxmox shows it in the template's notes."
        >
          <textarea
            rows={4}
            maxLength={4000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </Field>
        <Field
          label="Tags"
          hint="Words separated by spaces, e.g. networking year-9 (lower case, digits, - _ + .)."
          error={tagError}
        >
          <input value={tagText} onChange={(e) => setTagText(e.target.value)} autoComplete="off" />
        </Field>
        <fieldset className="template-visibility">
          <legend id={groupId}>Who can use it</legend>
          {VISIBILITIES.map((v) => (
            <label key={v} className="checkbox">
              <input
                type="radio"
                name="visibility"
                value={v}
                checked={visibility === v}
                onChange={() => setVisibility(v)}
              />
              {TEMPLATE_VISIBILITY_LABELS[v]}
            </label>
          ))}
        </fieldset>
        {visibility === 'named' ? (
          <fieldset className="template-teachers" aria-describedby={pickerId}>
            <legend>Teachers who may use it</legend>
            <p id={pickerId} className="field-hint">
              They can find it here and deploy classes from it; only you can change it.
            </p>
            {teachers.isPending ? <p role="status">Loading the teachers…</p> : null}
            {teachers.error ? (
              <Alert title="The teachers cannot be listed">{teachers.error.message}</Alert>
            ) : null}
            {teachers.data?.teachers
              .filter((t) => t.username !== card.author.username)
              .map((t) => (
                <label key={t.username} className="checkbox">
                  <input
                    type="checkbox"
                    checked={shared.includes(t.username)}
                    onChange={(e) =>
                      setShared((s) =>
                        e.target.checked ? [...s, t.username] : s.filter((u) => u !== t.username),
                      )
                    }
                  />
                  {t.display_name}
                  {t.display_name !== t.username ? ` (${t.username})` : ''}
                </label>
              ))}
          </fieldset>
        ) : null}
        <Field
          label="New version of"
          hint="Marks this template as the next version of an older one; the older one stays until you retire it."
        >
          <select value={versionOf} onChange={(e) => setVersionOf(e.target.value)}>
            <option value="">
              {current ? `Keep: version ${card.family.version}` : 'Not a new version'}
            </option>
            {current ? <option value="own">Make it a template of its own</option> : null}
            {candidates.map((o) => (
              <option key={o.vmid} value={String(o.vmid)}>
                {o.name} (version {o.family.version})
              </option>
            ))}
          </select>
        </Field>
        <FieldError message={update.error?.message} />
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={update.isPending}>
            {update.isPending ? 'Saving…' : 'Save'}
          </button>
          <button type="button" className="button-ghost" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
