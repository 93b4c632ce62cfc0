import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * What any text a client sends may contain. Every string of every JSON body is checked once
 * (jsonBodyMiddleware): no control character but tab, line feed and carriage return. Fields then
 * say what they are: a single-line field (names, titles, categories, codes) takes none of those
 * either, nor the Unicode line and paragraph separators; and a required text must say something,
 * so text that is blank once whitespace and invisible characters are taken away is refused.
 */

/** C0 controls but TAB, LF and CR; DEL; C1 controls. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_IN_ANY_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
/** Every C0 and C1 control, DEL, and the Unicode line / paragraph separators. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_IN_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
/**
 * Whitespace (incl. the ideographic space U+3000), invisible format characters (zero-width space,
 * joiners, BOM, soft hyphen, bidi marks: category Cf) and the fillers that render as nothing.
 */
const INVISIBLE = /[\p{White_Space}\p{Cf}\u115f\u1160\u3164\uffa0\u2800]/gu;

/** True when the text has a control character no field may hold (all but tab, LF, CR). */
export function hasForbiddenControl(text: string): boolean {
  return CONTROL_IN_ANY_TEXT.test(text);
}

/** True when the text fits on one line: no control character at all, no line or paragraph separator. */
export function isSingleLine(text: string): boolean {
  return !CONTROL_IN_ONE_LINE.test(text);
}

/** True when nothing visible is left once whitespace and invisible characters are removed. */
export function isBlank(text: string): boolean {
  return text.replace(INVISIBLE, '').length === 0;
}

/** A single-line text field: no line break, tab or other control character (400 otherwise). */
export function IsSingleLine(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isSingleLine',
      validator: {
        validate: (value) => typeof value !== 'string' || isSingleLine(value),
        defaultMessage: () => '$property must be one line: no line breaks, tabs or other control characters',
      },
    },
    options,
  );
}

/** Text that must say something: not empty, not only spaces or invisible characters (400 otherwise). */
export function IsNotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotBlank',
      validator: {
        validate: (value) => typeof value !== 'string' || !isBlank(value),
        defaultMessage: () => '$property must not be blank (only spaces or invisible characters)',
      },
    },
    options,
  );
}
