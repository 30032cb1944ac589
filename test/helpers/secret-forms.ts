/**
 * Every byte form a secret must not take in any output: raw, UTF-16, hex, and base64/base64url
 * at each of the 3 byte alignments (inside a longer base64 text the value starts at some offset
 * mod 3: only the 4-character groups that encode value bytes alone are kept, so the form matches
 * wherever the value sat; at alignment 0 this is the value's own base64 without its final group).
 */
export function secretForms(value: string): { label: string; bytes: Buffer }[] {
  const raw = Buffer.from(value, 'utf8');
  const result = [
    { label: 'raw', bytes: raw },
    { label: 'utf16le', bytes: Buffer.from(value, 'utf16le') },
    { label: 'hex', bytes: Buffer.from(raw.toString('hex')) },
  ];
  for (const shift of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(shift), raw]).toString('base64');
    const first = Math.ceil(shift / 3);
    const end = Math.floor((shift + raw.length) / 3);
    const groups = encoded.slice(first * 4, end * 4);
    result.push({ label: `base64 (alignment ${shift})`, bytes: Buffer.from(groups) });
    result.push({ label: `base64url (alignment ${shift})`, bytes: Buffer.from(groups.replace(/\+/g, '-').replace(/\//g, '_')) });
  }
  return result;
}

/** Where a secret's forms occur in `bytes` (empty when nowhere), each as `<name> (<form>) in <where>`. */
export function secretLeaks(secrets: readonly { name: string; value: string }[], bytes: Buffer, where: string): string[] {
  const found: string[] = [];
  for (const secret of secrets) for (const form of secretForms(secret.value)) if (bytes.includes(form.bytes)) found.push(`${secret.name} (${form.label}) in ${where}`);
  return found;
}
