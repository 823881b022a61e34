import { describe, expect, it } from 'vitest';
import { mainHelp, runCli } from './run-cli.js';
import { suggestCommand } from './suggest-command.js';
import { capture, lines } from './test-support/capture.js';

const COMMANDS = ['validate', 'convert', 'serve', 'keys', 'token'];

describe('runCli', () => {
  it('lists every command, with examples, on --help', async () => {
    const out = capture();
    expect(await runCli(['--help'], out.io)).toBe(0);
    expect(out.stdout()).toBe(mainHelp);
    for (const command of COMMANDS) expect(mainHelp).toMatch(new RegExp(`^  ${command} `, 'm'));
    for (const command of COMMANDS) expect(mainHelp).toMatch(new RegExp(`^  raflag ${command} `, 'm'));
  });

  it.each(COMMANDS)('"raflag %s --help" shows usage and examples on stdout and exits 0', async (command) => {
    const out = capture();
    expect(await runCli([command, '--help'], out.io)).toBe(0);
    expect(out.stdout()).toMatch(new RegExp(`^Usage: raflag ${command}`));
    expect(out.stdout()).toMatch(new RegExp(`\\nExamples:\\n  raflag ${command}`));
    expect(out.stderr()).toBe('');
  });

  it.each([
    ['valdiate', 'raflag validate'],
    ['server', 'raflag serve'],
    ['key', 'raflag keys'],
    ['tok', 'raflag token'],
  ])('exits 2 for the unknown command "%s" and suggests %s', async (typed, suggestion) => {
    const out = capture();
    expect(await runCli([typed], out.io)).toBe(2);
    expect(lines(out.stderr())).toEqual([`raflag: unknown command "${typed}"`, `Did you mean "${suggestion}"?`, 'Run "raflag --help" for the list of commands.']);
    expect(out.stdout()).toBe('');
  });

  it('does not treat inherited object keys as commands', async () => {
    const out = capture();
    expect(await runCli(['constructor'], out.io)).toBe(2);
    expect(lines(out.stderr())[0]).toBe('raflag: unknown command "constructor"');
  });
});

describe('suggestCommand', () => {
  it.each([
    ['convrt', 'convert'],
    ['VALIDATE', 'validate'],
    ['se', 'serve'],
    ['frobnicate', undefined],
    ['x', undefined],
  ])('%s → %s', (typed, expected) => {
    expect(suggestCommand(typed, COMMANDS)).toBe(expected);
  });
});
