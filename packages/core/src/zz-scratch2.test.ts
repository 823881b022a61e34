import { it } from 'vitest';
import { readFileSync } from 'node:fs';
import { validate } from '/work/main/packages/core/src/validate/validate.js';
import { issueId } from '/work/main/packages/core/src/outcome/issue.js';
it('x', () => {
  const f = process.env.F ?? '/work/main/packages/core/src/validate/__fixtures__/valid-ra-bundle.json';
  const o = validate(JSON.parse(readFileSync(f,'utf8')));
  for (const i of o.issue) console.log('  ', i.severity, issueId(i), i.expression?.[0], '|', i.diagnostics);
});
