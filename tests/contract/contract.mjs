// Checks HTTP exchanges against docs/openapi.yaml: the operation must exist, the status must be
// one it documents, and a JSON body must match the documented schema. Objects in the spec that
// list their properties admit no others unless they say so, so a field the server adds without
// documenting it breaks the contract too.
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

export function loadSpec(path) {
  return parse(readFileSync(path, 'utf8'));
}

// Closes every object schema that lists properties and says nothing of others.
function closeObjects(node) {
  if (Array.isArray(node)) {
    node.forEach(closeObjects);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  if (node.properties && typeof node.properties === 'object' &&
      !('additionalProperties' in node) && !('unevaluatedProperties' in node)) {
    node.unevaluatedProperties = false;
  }
  for (const value of Object.values(node)) closeObjects(value);
}

function pointerEscape(segment) {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

function resolve(spec, node) {
  let current = node;
  const seen = new Set();
  while (current && typeof current.$ref === 'string' && current.$ref.startsWith('#/')) {
    if (seen.has(current.$ref)) throw new Error(`circular reference ${current.$ref}`);
    seen.add(current.$ref);
    current = current.$ref.slice(2).split('/')
      .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce((at, key) => (at === undefined ? undefined : at[key]), spec);
  }
  return current;
}

// A matcher per path template: literal segments win over parameters, as in the server's router.
function compileTemplates(spec) {
  return Object.keys(spec.paths ?? {}).map((template) => {
    const segments = template.split('/').filter(Boolean);
    return {
      template,
      segments,
      literals: segments.filter((s) => !s.startsWith('{')).length,
    };
  }).sort((a, b) => b.literals - a.literals);
}

export function matchPath(templates, path) {
  const parts = path.split('/').filter(Boolean);
  for (const candidate of templates) {
    if (candidate.segments.length !== parts.length) continue;
    if (candidate.segments.every((s, i) => s.startsWith('{') || s === parts[i])) {
      return candidate.template;
    }
  }
  return null;
}

function mediaType(contentType) {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

export class ContractChecker {
  constructor(spec) {
    this.spec = structuredClone(spec);
    closeObjects(this.spec.components);
    closeObjects(this.spec.paths);
    this.templates = compileTemplates(this.spec);
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema(this.spec, 'openapi');
    this.validators = new Map();
  }

  validator(pointer) {
    if (!this.validators.has(pointer)) {
      this.validators.set(pointer, this.ajv.compile({ $ref: `openapi#${pointer}` }));
    }
    return this.validators.get(pointer);
  }

  // Every (method, path template) the spec describes, as "GET /api/v1/x".
  operations() {
    const list = [];
    for (const [template, item] of Object.entries(this.spec.paths ?? {})) {
      for (const method of METHODS) if (item[method]) list.push(`${method.toUpperCase()} ${template}`);
    }
    return list;
  }

  // "GET /api/v1/x/{id}" for an exchange, or null outside the spec.
  operationOf({ method, target }) {
    const template = matchPath(this.templates, target.split('?')[0]);
    const verb = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
    return template && this.spec.paths[template][verb] ? `${verb.toUpperCase()} ${template}` : null;
  }

  // Problems with one exchange ([] when it keeps the contract), and whether the spec covers it.
  check({ method, target, status, content_type: contentType, body }) {
    const path = target.split('?')[0];
    const template = matchPath(this.templates, path);
    const verb = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
    const operation = template ? this.spec.paths[template][verb] : undefined;
    const type = mediaType(contentType);
    if (!operation) {
      // Outside the spec (the portal's files, unknown paths, wrong methods): problems still
      // take the documented shape.
      if (type === 'application/problem+json') {
        return { covered: false, problems: this.validateBody('/components/schemas/Problem', body) };
      }
      return { covered: false, problems: [] };
    }
    const where = `${method} ${template}`;
    const responses = operation.responses ?? {};
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => k in responses);
    if (!key) {
      return { covered: true, problems: [`${where} answered ${status}, which the spec does not list`] };
    }
    const response = resolve(this.spec, responses[key]);
    const content = response?.content ?? {};
    if (Object.keys(content).length === 0) {
      if (body !== undefined && body !== '' && method !== 'HEAD') {
        return { covered: true, problems: [`${where} ${status} has a body the spec does not describe`] };
      }
      return { covered: true, problems: [] };
    }
    if (!(type in content)) {
      return {
        covered: true,
        problems: [`${where} ${status} is ${type || 'untyped'}, the spec says ${Object.keys(content).join(' or ')}`],
      };
    }
    if (body === undefined || method === 'HEAD' || !content[type].schema) {
      return { covered: true, problems: [] };
    }
    const base = responses[key].$ref
      ? responses[key].$ref.slice(1)
      : `/paths/${pointerEscape(template)}/${verb}/responses/${key}`;
    const problems = this.validateBody(`${base}/content/${pointerEscape(type)}/schema`, body)
      .map((problem) => `${where} ${status}: ${problem}`);
    return { covered: true, problems };
  }

  validateBody(pointer, body) {
    let value;
    try {
      value = JSON.parse(body);
    } catch (error) {
      return [`the body is not JSON (${error.message})`];
    }
    const validate = this.validator(pointer);
    if (validate(value)) return [];
    return validate.errors.map((e) => {
      const extra = e.params?.unevaluatedProperty ?? e.params?.additionalProperty;
      return `${e.instancePath || '/'} ${e.message}${extra ? ` (${extra})` : ''}`;
    });
  }
}
