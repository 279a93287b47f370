// The registration number (label id, the largest text on a printed label: JC26-7K3M9QXA) as people
// type it: full-width or lower case, with or without the hyphen or another dash, with spaces, and
// with O, I and L (which Crockford base 32 leaves out) read as 0, 1 and 1. The same rules as
// jp.jcstar.label.RegistrationNumber on the server.
const TYPED = /^JC([0-9]{2})([0-9A-HJKMNP-TV-Z]{8})$/;

export function canonicalRegNo(typed) {
  if (typeof typed !== 'string' || typed.length > 64) return null;
  const n = typed.normalize('NFKC').toUpperCase().replace(/[\s\p{Pd}\u2212\u30FC]/gu, '');
  if (!n.startsWith('JC') || n.length < 4) return null;
  const fixed = 'JC' + n.slice(2).replace(/O/g, '0').replace(/[IL]/g, '1');
  const m = TYPED.exec(fixed);
  return m ? `JC${m[1]}-${m[2]}` : null;
}
