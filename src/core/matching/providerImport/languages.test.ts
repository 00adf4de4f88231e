import { describe, expect, it } from 'vitest';
import { languageCodeOf, languageName, parseLanguageList } from './languages';

describe('languageCodeOf', () => {
  it('knows the 30 most spoken languages in US homes by English name', () => {
    // Census ACS "language spoken at home", largest first.
    const top30: [string, string][] = [
      ['English', 'en'],
      ['Spanish', 'es'],
      ['Chinese', 'zh'],
      ['Tagalog', 'tl'],
      ['Vietnamese', 'vi'],
      ['Arabic', 'ar'],
      ['French', 'fr'],
      ['Korean', 'ko'],
      ['Russian', 'ru'],
      ['German', 'de'],
      ['Haitian Creole', 'ht'],
      ['Portuguese', 'pt'],
      ['Hindi', 'hi'],
      ['Italian', 'it'],
      ['Polish', 'pl'],
      ['Urdu', 'ur'],
      ['Persian', 'fa'],
      ['Japanese', 'ja'],
      ['Gujarati', 'gu'],
      ['Bengali', 'bn'],
      ['Telugu', 'te'],
      ['Punjabi', 'pa'],
      ['Tamil', 'ta'],
      ['Greek', 'el'],
      ['Armenian', 'hy'],
      ['Hebrew', 'he'],
      ['Navajo', 'nv'],
      ['Hmong', 'hmn'],
      ['Khmer', 'km'],
      ['Amharic', 'am'],
    ];
    for (const [name, code] of top30) expect(languageCodeOf(name), name).toBe(code);
  });

  it("knows the languages' own names, without caring about accents or case", () => {
    expect(languageCodeOf('Español')).toBe('es');
    expect(languageCodeOf('espanol')).toBe('es');
    expect(languageCodeOf('Tiếng Việt')).toBe('vi');
    expect(languageCodeOf('Français')).toBe('fr');
    expect(languageCodeOf('中文')).toBe('zh');
    expect(languageCodeOf('한국어')).toBe('ko');
    expect(languageCodeOf('Kreyòl ayisyen')).toBe('ht');
    expect(languageCodeOf('Farsi')).toBe('fa');
    expect(languageCodeOf('ASL')).toBe('ase');
  });

  it('keeps Cantonese apart from Mandarin', () => {
    expect(languageCodeOf('Mandarin')).toBe('zh');
    expect(languageCodeOf('Cantonese')).toBe('yue');
  });

  it('accepts codes, canonical and without region', () => {
    expect(languageCodeOf('es')).toBe('es');
    expect(languageCodeOf('ES')).toBe('es');
    expect(languageCodeOf('es-MX')).toBe('es');
    expect(languageCodeOf('zh_Hant')).toBe('zh');
    expect(languageCodeOf('iw')).toBe('he');
    expect(languageCodeOf('hmn')).toBe('hmn');
  });

  it('is null for what is no language', () => {
    expect(languageCodeOf('Klingon')).toBeNull();
    expect(languageCodeOf('xx')).toBeNull();
    expect(languageCodeOf('')).toBeNull();
  });
});

describe('parseLanguageList', () => {
  it('splits on ; | , and /, keeping order and dropping repeats', () => {
    expect(parseLanguageList('English; Spanish|vi, es / Tagalog')).toEqual({
      ok: true,
      codes: ['en', 'es', 'vi', 'tl'],
    });
  });

  it('lists what it could not read', () => {
    expect(parseLanguageList('English; Klingon; Elvish')).toEqual({
      ok: false,
      unknown: ['Klingon', 'Elvish'],
      codes: ['en'],
    });
  });
});

describe('languageName', () => {
  it('names a code in English', () => {
    expect(languageName('es')).toBe('Spanish');
    expect(languageName('hmn')).toBe('Hmong');
  });
});
