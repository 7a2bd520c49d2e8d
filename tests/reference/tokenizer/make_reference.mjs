// Produces clip_reference_ids.json: CLIP token ids from an independent implementation
// (Hugging Face transformers.js, CLIPTokenizer built from a tokenizer.json in the layout the
// Hugging Face conversion of CLIP's tokenizer uses), for AssetForge's ClipTokenizer tests.
//
// Usage (transformers.js installed in a scratch folder, never in the repo):
//   mkdir -p /tmp/tokref && cd /tmp/tokref && npm init -y && npm install --ignore-scripts @huggingface/transformers
//   cd /tmp/tokref && node <repo>/tests/reference/tokenizer/make_reference.mjs <shared>/data/clip/bpe_simple_vocab_16e6.txt.gz <repo>/tests/reference/tokenizer/clip_reference_ids.json
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';

const [mergesGz, outPath] = process.argv.slice(2);
const require = createRequire(join(process.cwd(), 'resolve.js'));
const transformersPath = require.resolve('@huggingface/transformers').replace(/\.cjs$/, '.mjs');
const { AutoTokenizer, env } = await import(pathToFileURL(transformersPath).href);
const transformersVersion = JSON.parse(readFileSync(join(transformersPath, '../../package.json'), 'utf8')).version;

// Vocabulary and merges exactly as a Stable Diffusion export's tokenizer/ folder has them.
function byteChars() {
  const bytes = [];
  for (let b = 0x21; b <= 0x7e; b++) bytes.push(b);
  for (let b = 0xa1; b <= 0xac; b++) bytes.push(b);
  for (let b = 0xae; b <= 0xff; b++) bytes.push(b);
  const chars = bytes.map(b => String.fromCodePoint(b));
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bytes.includes(b)) { bytes.push(b); chars.push(String.fromCodePoint(256 + n)); n++; }
  }
  return chars;
}
const lines = gunzipSync(readFileSync(mergesGz)).toString('utf8').split('\n');
const merges = lines.slice(1, 1 + 49152 - 256 - 2);
const vocabList = byteChars();
vocabList.push(...vocabList.map(c => c + '</w>'));
for (const m of merges) vocabList.push(m.replace(' ', ''));
vocabList.push('<|startoftext|>', '<|endoftext|>');
const vocab = Object.fromEntries(vocabList.map((t, i) => [t, i]));

const tokenizerJson = {
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: [
    { id: 49406, content: '<|startoftext|>', single_word: false, lstrip: false, rstrip: false, normalized: true, special: true },
    { id: 49407, content: '<|endoftext|>', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
  ],
  normalizer: {
    type: 'Sequence',
    normalizers: [{ type: 'NFC' }, { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' }, { type: 'Lowercase' }],
  },
  pre_tokenizer: {
    type: 'Sequence',
    pretokenizers: [
      {
        type: 'Split',
        pattern: { Regex: "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+" },
        behavior: 'Removed',
        invert: true,
      },
      { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
    ],
  },
  post_processor: {
    type: 'RobertaProcessing',
    sep: ['<|endoftext|>', 49407],
    cls: ['<|startoftext|>', 49406],
    trim_offsets: false,
    add_prefix_space: false,
  },
  decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
  model: {
    type: 'BPE',
    dropout: null,
    unk_token: '<|endoftext|>',
    continuing_subword_prefix: '',
    end_of_word_suffix: '</w>',
    fuse_unk: false,
    byte_fallback: false,
    vocab,
    merges,
  },
};

function writeModel(padToken) {
  const dir = mkdtempSync(join(tmpdir(), 'clip-ref-'));
  const config = {
    tokenizer_class: 'CLIPTokenizer',
    bos_token: '<|startoftext|>',
    eos_token: '<|endoftext|>',
    unk_token: '<|endoftext|>',
    pad_token: padToken,
    model_max_length: 77,
    do_lower_case: true,
  };
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson));
  writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify(config));
  return dir;
}

env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = '/';
const sd1 = await AutoTokenizer.from_pretrained(writeModel('<|endoftext|>'));
const sd2 = await AutoTokenizer.from_pretrained(writeModel('!'));

const long = 'a breathtaking matte painting of an ancient castle on a cliff above a stormy sea, ' +
  'lightning in the clouds, seagulls, crashing waves, moss on the stones, warm light in the windows, ' +
  'a lonely knight on horseback riding up the winding path, banners in the wind, volumetric fog, ' +
  'god rays, highly detailed, intricate, trending on artstation, by greg rutkowski and alphonse mucha';

const cases = [
  'a photo of a cat',
  'A Photo Of A CAT',
  "Hello, world! How's it going?",
  "I'm sure they'll say we'd've done it, isn't it? You're right, we've TRIED",
  "don't stop'n 'sun 'tis rock'n'roll",
  '4k, 1080p, 3.14159 and 2024-01-01',
  'x² ½ Ⅻ ٣',
  'café naïve résumé Zürich Ångström',
  'cafe\u0301 (decomposed)',
  '東京タワーの写真',
  'Москва зимой',
  'ΟΔΟΣ ΣΟΦΟΣ',
  'İstanbul',
  'مرحبا بالعالم',
  '𝓬𝓪𝓽 𝟏𝟐',
  'a cat 🐱 with a hat 🎩👍🏽❤️',
  '  multiple   spaces\tand\nnewlines\r\n\n end  ',
  'fish & chips',
  '<b>bold</b> 50% off!!! ... ??? ~~ @user #tag',
  'masterpiece, best quality, ultra-detailed, (extremely detailed CG unity 8k wallpaper:1.2), [[[watercolor]]], {{sharp}}',
  'an <|endoftext|> in the middle',
  long,
  // Words longer than the tokenizer's stack buffers.
  'supercalifragilisticexpialidocious'.repeat(10) + ' ' + '!?'.repeat(150) + ' ' + 'é'.repeat(100),
  '',
  '   ',
];

// transformers.js truncates the framed ids naively (the end token falls off); Python transformers,
// which diffusers uses, keeps start + the first 75 tokens + end. So a prompt longer than 75 tokens
// is framed here by that rule (and marked), from the reference's untruncated tokens.
function encode77(tokenizer, text) {
  const ids = tokenizer(text, { padding: 'max_length', max_length: 77, truncation: false }).input_ids.tolist()[0].map(Number);
  if (ids.length <= 77) return { ids, framedByScript: false };
  const tokens = tokenizer.encode(text, { add_special_tokens: false }).slice(0, 75);
  return { ids: [49406, ...tokens, 49407], framedByScript: true };
}

const out = {
  generator: `@huggingface/transformers ${transformersVersion} CLIPTokenizer (tokenizer.json as Hugging Face converts CLIP's), via make_reference.mjs`,
  note: 'tokens: ids without start/end; sd1: padded to 77 with <|endoftext|>; sd2: padded to 77 with "!". ' +
    'truncatedByScript: the prompt has more than 75 tokens and sd1/sd2 are start + its first 75 reference tokens + end (Python transformers\' rule; transformers.js would drop the end token). ' +
    'needsNfc: the text is not in NFC, so the tokenizer must compose it first. ' +
    'Hugging Face does not HTML-unescape (the original CLIP does), so no case here contains an HTML entity.',
  cases: cases.map(text => {
    const sd1Ids = encode77(sd1, text);
    const sd2Ids = encode77(sd2, text);
    const c = { text, tokens: sd1.encode(text, { add_special_tokens: false }), sd1: sd1Ids.ids, sd2: sd2Ids.ids };
    if (sd1Ids.framedByScript) c.truncatedByScript = true;
    if (text !== text.normalize('NFC')) c.needsNfc = true;
    return c;
  }),
};
// One case per line keeps the file small and its diffs readable.
const caseLines = out.cases.map(c => '  ' + JSON.stringify(c));
writeFileSync(outPath, `{\n "generator": ${JSON.stringify(out.generator)},\n "note": ${JSON.stringify(out.note)},\n "cases": [\n${caseLines.join(',\n')}\n ]\n}\n`);
console.log(`wrote ${out.cases.length} cases to ${outPath}`);
