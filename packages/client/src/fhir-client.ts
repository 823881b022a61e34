import type { Bundle, FhirResource, OperationOutcome } from 'fhir/r4.js';
import { InvalidResponseError } from './errors.js';
import { FhirTransport, NotModified, type FhirAnswer, type TransportOptions } from './fhir-transport.js';
import { isResourceOf, type ResourceOf, type ResourceType } from './resource-types.js';
import { parseLocation, VersionTracker, versionFromEtag } from './version-tracker.js';

/** `Prefer: return=…`: the whole resource back, or headers only. */
export type PreferReturn = 'representation' | 'minimal';

export interface WriteOptions {
  readonly prefer?: PreferReturn;
}

export interface UpdateOptions extends WriteOptions {
  /** The version the change is based on; defaults to `meta.versionId`, then the version this client last saw. */
  readonly versionId?: string;
}

export type SearchParams = Readonly<Record<string, string | number | readonly (string | number)[]>>;

/** A search answer: matches of type K, resources of the types named in I that came by `_include`, and outcomes. */
export type SearchBundle<K extends ResourceType, I extends ResourceType = never> = Bundle<ResourceOf<K> | ResourceOf<I> | OperationOutcome>;

function queryString(params: SearchParams): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const one of Array.isArray(value) ? value : [value]) query.append(name, String(one));
  }
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

const idPath = (type: string, id: string) => `${type}/${encodeURIComponent(id)}`;

/**
 * Typed FHIR R4 interactions: `read('Flag', id)` is a `Promise<Flag>`. Every update and delete
 * sends `If-Match` with the version the change is based on, so a concurrent change is a 412
 * (PreconditionFailedError), never a silent overwrite.
 */
export class FhirClient {
  protected readonly transport: FhirTransport;
  protected readonly versions = new VersionTracker();

  constructor(options: TransportOptions) {
    this.transport = new FhirTransport(options);
  }

  get baseUrl(): string {
    return this.transport.baseUrl;
  }

  /** The version of a resource as this client last read or wrote it. */
  knownVersion(type: ResourceType, id: string): string | undefined {
    return this.versions.get(type, id);
  }

  async read<K extends ResourceType>(type: K, id: string): Promise<ResourceOf<K>> {
    const answer = await this.transport.send({ method: 'GET', path: idPath(type, id) });
    return this.expect(answer, type);
  }

  /** A conditional read: undefined when the server still holds `versionId` (304). */
  async readIfModified<K extends ResourceType>(type: K, id: string, versionId: string): Promise<ResourceOf<K> | undefined> {
    try {
      const answer = await this.transport.send({ method: 'GET', path: idPath(type, id), headers: { 'if-none-match': `W/"${versionId}"` } });
      return this.expect(answer, type);
    } catch (error) {
      if (error instanceof NotModified) return undefined;
      throw error;
    }
  }

  async search<K extends ResourceType, I extends ResourceType = never>(type: K, params: SearchParams = {}): Promise<SearchBundle<K, I>> {
    const answer = await this.transport.send({ method: 'GET', path: `${type}${queryString(params)}` });
    const bundle = this.expect(answer, 'Bundle') as SearchBundle<K, I>;
    this.versions.noteBundle(bundle);
    return bundle;
  }

  /** The created resource; with `Prefer: return=minimal` (or an empty 201) the one sent, with the id and version the server assigned. */
  async create<T extends FhirResource>(resource: T, options: WriteOptions & { readonly ifNoneExist?: SearchParams } = {}): Promise<T> {
    const headers: Record<string, string> = { 'content-type': 'application/fhir+json', prefer: `return=${options.prefer ?? 'representation'}` };
    if (options.ifNoneExist !== undefined) headers['if-none-exist'] = queryString(options.ifNoneExist).slice(1);
    const answer = await this.transport.send({ method: 'POST', path: resource.resourceType, body: resource, headers });
    return this.written(answer, resource);
  }

  async update<T extends FhirResource & { readonly id?: string }>(resource: T, options: UpdateOptions = {}): Promise<T> {
    const { id } = resource;
    if (id === undefined) throw new TypeError('update needs a resource with an id');
    const versionId = options.versionId ?? resource.meta?.versionId ?? this.versions.get(resource.resourceType, id);
    const headers: Record<string, string> = { 'content-type': 'application/fhir+json', prefer: `return=${options.prefer ?? 'representation'}` };
    // Without a version the server answers 428 (PreconditionRequiredError): read the resource first.
    if (versionId !== undefined) headers['if-match'] = `W/"${versionId}"`;
    const answer = await this.transport.send({ method: 'PUT', path: idPath(resource.resourceType, id), body: resource, headers });
    return this.written(answer, resource);
  }

  async delete(type: ResourceType, id: string, options: { readonly versionId?: string } = {}): Promise<void> {
    const versionId = options.versionId ?? this.versions.get(type, id);
    const headers: Record<string, string> = versionId === undefined ? {} : { 'if-match': `W/"${versionId}"` };
    await this.transport.send({ method: 'DELETE', path: idPath(type, id), headers });
    this.versions.forget(type, id);
  }

  /** Posts a transaction (or batch) Bundle to the base and returns the response Bundle. */
  async transaction(bundle: Bundle): Promise<Bundle> {
    const answer = await this.transport.send({
      method: 'POST',
      path: '',
      body: bundle,
      headers: { 'content-type': 'application/fhir+json', prefer: 'return=minimal' },
    });
    const response = this.expect(answer, 'Bundle');
    this.versions.noteBundle(response);
    return response;
  }

  /** `$validate`: the server's OperationOutcome for the resource (optionally against a profile). */
  async validate(resource: FhirResource, options: { readonly profile?: string } = {}): Promise<OperationOutcome> {
    const query = options.profile === undefined ? '' : queryString({ profile: options.profile });
    const answer = await this.transport.send({
      method: 'POST',
      path: `${resource.resourceType}/$validate${query}`,
      body: resource,
      headers: { 'content-type': 'application/fhir+json' },
    });
    return this.expect(answer, 'OperationOutcome');
  }

  protected expect<K extends ResourceType>(answer: FhirAnswer, type: K): ResourceOf<K> {
    if (!isResourceOf(answer.body, type)) {
      throw new InvalidResponseError(`HTTP ${answer.status} did not carry the expected ${type}`, { status: answer.status });
    }
    this.versions.noteResource(answer.body);
    return answer.body;
  }

  private written<T extends FhirResource>(answer: FhirAnswer, sent: T): T {
    if (answer.body !== undefined) return this.expect(answer, sent.resourceType) as T;
    const location = parseLocation(answer.headers.get('location') ?? answer.headers.get('content-location'));
    const versionId = versionFromEtag(answer.headers.get('etag')) ?? location?.versionId;
    const id = location?.id ?? sent.id;
    if (id === undefined) throw new InvalidResponseError(`HTTP ${answer.status} named no Location for the new ${sent.resourceType}`, { status: answer.status });
    const result = { ...sent, id, meta: { ...sent.meta, ...(versionId === undefined ? {} : { versionId }) } };
    this.versions.set(sent.resourceType, id, versionId);
    return result;
  }
}
