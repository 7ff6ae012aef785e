// Checks docs/asyncapi.yaml: it must parse without errors (@asyncapi/parser: AsyncAPI 3 and its AMQP bindings),
// and every captured sample must be a message the document describes, on the channel it came from.
//
//   node check-asyncapi.mjs <asyncapi.yaml> [samples.json]
//
// samples.json (written by system-tests' AsyncApiIT from messages the running services published): an array of
// {exchange, routingKey, properties: {type, messageId, contentType, deliveryMode, ...}, headers: {...}, body: "<text>"}.
import { readFile } from 'node:fs/promises';
import { Parser, fromFile } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const [documentPath, samplesPath] = process.argv.slice(2);
if (!documentPath) {
  console.error('usage: node check-asyncapi.mjs <asyncapi.yaml> [samples.json]');
  process.exit(2);
}

const { document, diagnostics } = await fromFile(new Parser(), documentPath).parse();
const errors = diagnostics.filter((d) => d.severity === 0);
for (const d of diagnostics.filter((d) => d.severity <= 1)) {
  console.log(`${d.severity === 0 ? 'error' : 'warning'} ${d.path.join('.')}: ${d.message}`);
}
if (!document || errors.length > 0) {
  console.log(`${documentPath}: ${errors.length} errors`);
  process.exit(1);
}
console.log(`${documentPath}: parsed, ${document.channels().length} channels, ${document.operations().length} operations, `
  + `${document.messages().length} messages`);
if (!samplesPath) {
  process.exit(0);
}

const samples = JSON.parse(await readFile(samplesPath, 'utf8'));
// Amounts are decimals with 2 places: 0.07 / 0.01 is not an integer in binary floating point.
const ajv = new Ajv({ strict: false, allErrors: true, multipleOfPrecision: 9 });
addFormats(ajv);
const validators = new Map();
const validator = (schema) => {
  const key = JSON.stringify(schema);
  if (!validators.has(key)) {
    validators.set(key, ajv.compile(schema));
  }
  return validators.get(key);
};

const amqpBinding = (channel) => channel.bindings().get('amqp')?.value() ?? {};
const addressPattern = (address) =>
  new RegExp(`^${address.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`);

/** The channels a message published to this exchange (the default one: to this queue) belongs to. */
function channelsOf(sample) {
  return document.channels().all().filter((channel) => {
    const binding = amqpBinding(channel);
    if (sample.exchange !== '') {
      return binding.is === 'routingKey' && binding.exchange?.name === sample.exchange;
    }
    return binding.is === 'queue' && addressPattern(channel.address()).test(sample.routingKey);
  });
}

const problems = [];
const seen = new Map();
for (const [index, sample] of samples.entries()) {
  const where = `sample ${index} (exchange '${sample.exchange}', routing key '${sample.routingKey}', type `
    + `'${sample.properties?.type}')`;
  const candidates = channelsOf(sample)
    .flatMap((channel) => channel.messages().all().map((message) => ({ channel, message })))
    .filter(({ message }) => message.name() === sample.properties?.type);
  if (candidates.length === 0) {
    problems.push(`${where}: no message of this type on a channel for it in the document`);
    continue;
  }
  const { channel, message } = candidates[0];
  const expectedContentType = message.contentType() ?? document.defaultContentType();
  if (sample.properties.contentType !== expectedContentType) {
    problems.push(`${where}: content type '${sample.properties.contentType}', the document says '${expectedContentType}'`);
  }
  let body;
  try {
    body = JSON.parse(sample.body);
  } catch (e) {
    problems.push(`${where}: the body is not JSON: ${e.message}`);
    continue;
  }
  for (const [part, schema, value] of [['payload', message.payload(), body], ['headers', message.headers(), sample.headers ?? {}]]) {
    if (!schema) {
      continue;
    }
    const validate = validator(schema.json());
    if (!validate(value)) {
      for (const error of validate.errors) {
        problems.push(`${where}: ${part}${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`);
      }
    }
  }
  if (sample.properties.messageId !== body.eventId) {
    problems.push(`${where}: message_id '${sample.properties.messageId}' is not the payload's eventId '${body.eventId}'`);
  }
  if (sample.properties.deliveryMode !== 2) {
    problems.push(`${where}: delivery mode ${sample.properties.deliveryMode}, not persistent (2)`);
  }
  const name = `${channel.id()}/${message.name()}`;
  seen.set(name, (seen.get(name) ?? 0) + 1);
}

for (const [name, count] of [...seen.entries()].sort()) {
  console.log(`  ${name}: ${count} checked`);
}
for (const problem of problems) {
  console.log(`drift: ${problem}`);
}
console.log(`${samples.length} samples, ${problems.length} problems`);
process.exit(problems.length === 0 && samples.length > 0 ? 0 : 1);
