import { translateTerm, type Language } from '../i18n/messages';

/** A case event in words: what was done, and to whom or why when the event says so. */
export function eventWords(language: Language, type: string, data: Record<string, any>): string {
  const verb = translateTerm(language, 'event', type);
  const said = verb === type ? type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() : verb;
  const unit = data?.unit ?? data?.toUnit;
  const parts = [said];
  if (unit && typeof unit === 'object') parts.push(unit.name ?? unit.unitId ?? '');
  if (typeof data?.toLevel === 'string') parts.push(translateTerm(language, 'level', data.toLevel));
  else if (type === 'CaseEscalated' && typeof data?.level === 'string')
    parts.push(translateTerm(language, 'level', data.level));
  if (type === 'CaseReported' && typeof data?.title === 'string') parts.push(`「${data.title}」`);
  if (type === 'AttachmentAdded' && typeof data?.caption === 'string') parts.push(`「${data.caption}」`);
  const why = data?.reason ?? data?.note ?? data?.summary;
  if (typeof why === 'string' && why) parts.push(language === 'zh' ? `（${why}）` : `(${why})`);
  return parts.filter(Boolean).join(' ');
}
