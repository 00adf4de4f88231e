/**
 * Languages a provider speaks, as the file writes them: codes ("es"), English names ("Spanish") or
 * the language's own name ("Español"), in any list a spreadsheet produces ("English; Spanish",
 * "en|vi", "English, Tagalog"). Stored as ISO 639-1 codes, or ISO 639-2/3 where a language has
 * no two-letter code (Hmong "hmn", Ilocano "ilo", American Sign Language "ase") or where the
 * two-letter code would merge languages a patient cannot swap: Cantonese is "yue", not "zh",
 * because a Cantonese-speaking grandmother is not helped by a Mandarin-only doctor.
 */

/** [code, names…]: the ~30 most spoken languages in US homes (Census ACS) and then some. */
const LANGUAGE_NAMES: readonly (readonly string[])[] = [
  ['en', 'english', 'inglés', 'ingles'],
  ['es', 'spanish', 'español', 'castellano'],
  [
    'zh',
    'chinese',
    'mandarin',
    'mandarin chinese',
    '中文',
    '汉语',
    '漢語',
    '普通话',
    '國語',
    '华语',
  ],
  ['yue', 'cantonese', '廣東話', '广东话', '粵語', '粤语'],
  ['tl', 'tagalog', 'filipino', 'pilipino', 'wikang tagalog'],
  ['vi', 'vietnamese', 'tiếng việt'],
  ['ar', 'arabic', 'العربية', 'عربي'],
  ['fr', 'french', 'français'],
  ['ko', 'korean', '한국어', '조선말'],
  ['ru', 'russian', 'русский', 'русский язык'],
  ['de', 'german', 'deutsch'],
  ['ht', 'haitian creole', 'haitian', 'kreyòl', 'kreyòl ayisyen', 'creole'],
  ['pt', 'portuguese', 'português', 'brazilian portuguese'],
  ['hi', 'hindi', 'हिन्दी', 'हिंदी'],
  ['it', 'italian', 'italiano'],
  ['pl', 'polish', 'polski'],
  ['ur', 'urdu', 'اردو'],
  ['fa', 'persian', 'farsi', 'dari', 'فارسی'],
  ['ja', 'japanese', '日本語'],
  ['gu', 'gujarati', 'ગુજરાતી'],
  ['bn', 'bengali', 'bangla', 'বাংলা'],
  ['te', 'telugu', 'తెలుగు'],
  ['pa', 'punjabi', 'panjabi', 'ਪੰਜਾਬੀ'],
  ['ta', 'tamil', 'தமிழ்'],
  ['el', 'greek', 'ελληνικά'],
  ['hy', 'armenian', 'հայերեն'],
  ['he', 'hebrew', 'עברית'],
  ['nv', 'navajo', 'navaho', 'diné bizaad'],
  ['hmn', 'hmong', 'hmoob'],
  ['km', 'khmer', 'cambodian', 'ខ្មែរ'],
  ['am', 'amharic', 'አማርኛ'],
  ['so', 'somali', 'soomaali'],
  ['yo', 'yoruba', 'yorùbá'],
  ['ig', 'igbo'],
  ['uk', 'ukrainian', 'українська'],
  ['th', 'thai', 'ไทย'],
  ['lo', 'lao', 'laotian', 'ພາສາລາວ'],
  ['ne', 'nepali', 'नेपाली'],
  ['sw', 'swahili', 'kiswahili'],
  ['mr', 'marathi', 'मराठी'],
  ['ml', 'malayalam', 'മലയാളം'],
  ['kn', 'kannada', 'ಕನ್ನಡ'],
  ['sr', 'serbian', 'српски', 'srpski'],
  ['hr', 'croatian', 'hrvatski'],
  ['bs', 'bosnian', 'bosanski'],
  ['yi', 'yiddish', 'ייִדיש'],
  ['nl', 'dutch', 'nederlands'],
  ['ro', 'romanian', 'română'],
  ['hu', 'hungarian', 'magyar'],
  ['cs', 'czech', 'čeština'],
  ['tr', 'turkish', 'türkçe'],
  ['my', 'burmese', 'myanmar'],
  ['id', 'indonesian', 'bahasa indonesia'],
  ['ms', 'malay', 'bahasa melayu'],
  ['sq', 'albanian', 'shqip'],
  ['ti', 'tigrinya', 'ትግርኛ'],
  ['ps', 'pashto', 'pushto', 'پښتو'],
  ['ku', 'kurdish', 'kurdî'],
  ['ilo', 'ilocano', 'ilokano', 'iloko'],
  ['ceb', 'cebuano', 'bisaya', 'visayan'],
  ['ch', 'chamorro'],
  ['sm', 'samoan', 'gagana samoa'],
  ['to', 'tongan'],
  ['haw', 'hawaiian', 'ʻōlelo hawaiʻi'],
  ['om', 'oromo', 'afaan oromoo'],
  ['sv', 'swedish', 'svenska'],
  ['no', 'norwegian', 'norsk'],
  ['da', 'danish', 'dansk'],
  ['fi', 'finnish', 'suomi'],
  ['ga', 'irish', 'gaeilge'],
  ['ka', 'georgian', 'ქართული'],
  ['ase', 'american sign language', 'asl', 'sign language'],
];

/** "Español " → "espanol": case, accents and extra spaces do not matter. */
function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const BY_NAME: ReadonlyMap<string, string> = new Map(
  LANGUAGE_NAMES.flatMap(([code, ...names]) =>
    [code as string, ...names].map((n) => [fold(n), code as string] as const),
  ),
);

const displayNames = new Intl.DisplayNames('en', { type: 'language', fallback: 'none' });

/**
 * A language code the ICU data knows ("es", "hmn"), canonical ("iw" → "he"), or null. Region and
 * script parts are dropped: "es-MX" and "zh-Hant" are spoken languages "es" and "zh".
 */
function knownCode(text: string): string | null {
  const m = /^([a-z]{2,3})(?:[-_][a-z0-9]{2,8})*$/i.exec(text.trim());
  if (!m) return null;
  let code: string;
  try {
    code = (Intl.getCanonicalLocales(m[1]!.toLowerCase())[0] ?? '').toLowerCase();
  } catch {
    return null;
  }
  const name = displayNames.of(code);
  return name !== undefined && name.toLowerCase() !== code ? code : null;
}

/** One language as written → its code, or null when we cannot tell which language it is. */
export function languageCodeOf(text: string): string | null {
  return BY_NAME.get(fold(text)) ?? knownCode(text);
}

/** The English name of a code, for messages and the preview ("es" → "Spanish"). */
export function languageName(code: string): string {
  return displayNames.of(code) ?? code;
}

export type LanguageListResult =
  { ok: true; codes: string[] } | { ok: false; unknown: string[]; codes: string[] };

/** "English; Español | vi" → ["en", "es", "vi"]; duplicates dropped, order kept. */
export function parseLanguageList(cell: string): LanguageListResult {
  const codes: string[] = [];
  const unknown: string[] = [];
  for (const part of cell.split(/[;|,/]/)) {
    const text = part.trim();
    if (text === '') continue;
    const code = languageCodeOf(text);
    if (code === null) unknown.push(text);
    else if (!codes.includes(code)) codes.push(code);
  }
  return unknown.length === 0 ? { ok: true, codes } : { ok: false, unknown, codes };
}
