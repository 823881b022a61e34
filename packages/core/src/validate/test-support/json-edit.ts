/**
 * Edits a JSON value in place by a simple path (`entry[2].resource.category[1].coding[0].code`), for
 * table tests that change one thing at a time. Throws on a path that does not exist: a test whose
 * edit silently did nothing would pass for the wrong reason.
 */
type Container = Record<string, unknown> | unknown[];

function steps(path: string): (string | number)[] {
  return path.split('.').flatMap((part) => {
    const [name, ...indexes] = part.split(/\[|\]/).filter((s) => s !== '');
    return [...(name === undefined ? [] : [name]), ...indexes.map(Number)];
  });
}

function parentOf(root: unknown, path: string): [Container, string | number] {
  const all = steps(path);
  const last = all.pop();
  let node: unknown = root;
  for (const step of all) {
    if (typeof node !== 'object' || node === null) throw new Error(`no ${path}`);
    node = (node as Record<string | number, unknown>)[step];
  }
  if (typeof node !== 'object' || node === null || last === undefined) throw new Error(`no ${path}`);
  return [node as Container, last];
}

export function setAt(root: unknown, path: string, value: unknown): void {
  const [parent, key] = parentOf(root, path);
  (parent as Record<string | number, unknown>)[key] = value;
}

export function removeAt(root: unknown, path: string): void {
  const [parent, key] = parentOf(root, path);
  if (Array.isArray(parent) && typeof key === 'number') {
    if (key >= parent.length) throw new Error(`no ${path}`);
    parent.splice(key, 1);
  } else {
    if (!(key in parent)) throw new Error(`no ${path}`);
    delete (parent as Record<string | number, unknown>)[key];
  }
}

export function getAt(root: unknown, path: string): unknown {
  const [parent, key] = parentOf(root, path);
  return (parent as Record<string | number, unknown>)[key];
}
