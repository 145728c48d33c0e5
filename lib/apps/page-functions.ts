/**
 * Functions run in the frame a user pointed at (chrome.scripting.executeScript, the isolated
 * world: the page's own scripts cannot patch what these call). Chrome serializes each function's
 * source, so each is SELF-CONTAINED: no imports, no outer variables, inputs only through its
 * argument. A thrown error would come back as `null`, so each catches everything and says why.
 *
 * The only secret that ever goes in is the new INFERENCE key being filled; never the ADMIN key.
 */

export type FieldProbe =
  | { ok: true; kind: 'text' | 'password' | 'search' | 'textarea'; focused: boolean }
  | { ok: false; code: 'apps.no_field' | 'apps.not_a_text_field'; reason: string };

export type FillResult =
  | { ok: true }
  | {
      ok: false;
      code: 'apps.no_field' | 'apps.not_a_text_field' | 'apps.fill_refused' | 'apps.fill_failed';
      reason: string;
    };

/**
 * What the focused element of this frame is (a right click on a field focuses it; opening the
 * popup leaves it the document's active element). `focused` says whether this frame's own active
 * element is a field (not the body, not an iframe), so the popup can pick the frame.
 */
export function probeFocusedField(): FieldProbe {
  try {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body || el === document.documentElement || el.tagName === 'IFRAME')
      return {
        ok: false,
        code: 'apps.no_field',
        reason:
          'No field is selected on the page. Click into the field the key should go in, then try again.',
      };
    if (el instanceof HTMLTextAreaElement) return { ok: true, kind: 'textarea', focused: true };
    if (el instanceof HTMLInputElement) {
      const type = (el.getAttribute('type') ?? 'text').toLowerCase();
      if (type === 'text' || type === 'password' || type === 'search' || type === '')
        return {
          ok: true,
          kind: type === '' ? 'text' : (type as 'text' | 'password' | 'search'),
          focused: true,
        };
      return {
        ok: false,
        code: 'apps.not_a_text_field',
        reason: `That field takes ${type === 'email' ? 'an email address' : `a ${type} value`}, not text: a key can only go into a text or password field.`,
      };
    }
    return {
      ok: false,
      code: 'apps.not_a_text_field',
      reason: 'That is not a text field: a key can only go into a text or password field.',
    };
  } catch {
    return {
      ok: false,
      code: 'apps.no_field',
      reason: 'The page did not let the extension look at the field.',
    };
  }
}

/**
 * Puts `secret` into the focused field as typing would: through the element's own (native) value
 * setter, then `input` and `change`, which is what React-style controlled inputs listen to. Checks
 * afterwards that the page kept the value.
 */
export function fillFocusedField(input: { secret: string }): FillResult {
  try {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body || el === document.documentElement || el.tagName === 'IFRAME')
      return {
        ok: false,
        code: 'apps.no_field',
        reason: 'The field is gone from the page (it was closed or the page changed).',
      };
    let proto: HTMLInputElement | HTMLTextAreaElement;
    if (el instanceof HTMLTextAreaElement) proto = HTMLTextAreaElement.prototype as HTMLTextAreaElement;
    else if (el instanceof HTMLInputElement) {
      const type = (el.getAttribute('type') ?? 'text').toLowerCase();
      if (type !== 'text' && type !== 'password' && type !== 'search' && type !== '')
        return {
          ok: false,
          code: 'apps.not_a_text_field',
          reason: 'The selected field is no longer a text field.',
        };
      proto = HTMLInputElement.prototype as HTMLInputElement;
    } else
      return {
        ok: false,
        code: 'apps.not_a_text_field',
        reason: 'The selected element is not a text field.',
      };
    const field = el as HTMLInputElement | HTMLTextAreaElement;
    if (field.disabled || field.readOnly)
      return { ok: false, code: 'apps.fill_refused', reason: 'The field is read-only or disabled.' };
    const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
    if (!setter) return { ok: false, code: 'apps.fill_failed', reason: 'The field could not be written.' };
    setter.call(field, input.secret);
    field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    field.dispatchEvent(new Event('change', { bubbles: true }));
    if (field.value !== input.secret)
      return { ok: false, code: 'apps.fill_refused', reason: 'The page did not keep the key in the field.' };
    return { ok: true };
  } catch {
    return {
      ok: false,
      code: 'apps.fill_failed',
      reason: 'The page did not let the extension fill the field.',
    };
  }
}
