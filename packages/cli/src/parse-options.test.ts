import { describe, expect, it } from 'vitest';
import { parseOptions } from './parse-options.js';

const spec = { port: 'value', 'no-demo': 'flag' } as const;

describe('parseOptions', () => {
  it('reads values both ways, flags, "-" and positionals after "--"', () => {
    const parsed = parseOptions(['--port', '80', 'a', '--no-demo', '-', '--port=81', '--', '--no-demo'], spec);
    expect(parsed).toEqual({ kind: 'run', flags: new Set(['no-demo']), values: { port: '81' }, positionals: ['a', '-', '--no-demo'] });
  });

  it.each([
    [['--bogus', '--help'], { kind: 'help' }],
    [['--bogus', '-x'], { kind: 'usage-error', message: 'unknown option --bogus, -x' }],
    [['--no-demo=yes'], { kind: 'usage-error', message: 'unknown option --no-demo=yes' }],
    [['-port', '1'], { kind: 'usage-error', message: 'unknown option -port' }],
    [['--port'], { kind: 'usage-error', message: '--port needs a value' }],
  ])('%j → %j', (args, expected) => {
    expect(parseOptions(args, spec)).toEqual(expected);
  });
});
