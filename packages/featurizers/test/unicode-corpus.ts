/**
 * Texts beyond the fixtures: other scripts and the places where Python's Unicode rules (Unicode 14,
 * str.lower, re's \w / \s) and JavaScript's (the engine's newer Unicode, toLowerCase, ASCII \w) part ways.
 * Compared live against scikit-learn in live-sklearn.test.ts.
 */
export const UNICODE_CORPUS: readonly string[] = [
  // Greek, with final sigma in every context str.lower distinguishes
  'Ἀθῆναι ΟΔΟΣ ὈΔΥΣΣΕΎΣ σοφίας ΣΑΣ Σ. ΑΣ\u0301Β Α.Σ ἈΣ\u0345 ΣΣ ΑΣ1 Σ Α\u00adΣ',
  // Cyrillic
  'Съешь же ещё этих мягких французских булок, да выпей чаю. Ёлка ЁЖ Ӂ Ѣ',
  // Arabic with harakat, Arabic-Indic digits, tatweel
  'اللُّغَةُ العَرَبِيَّة ٠١٢٣ مرحبا بالعالم كـــتاب ﷲ ﻻ',
  // Hebrew with niqqud
  'שָׁלוֹם עוֹלָם ספר־תורה ﬠ',
  // Devanagari: vowel signs (Mc / Mn) are not \w in Python, so words split
  'हिन्दी भाषा नमस्ते दुनिया ०१२ क़ क़',
  // Tamil, Bengali, Thai (combining vowels), Lao
  'தமிழ் மொழி বাংলা ভাষা ภาษาไทย สวัสดีครับ ๑๒๓ ພາສາລາວ',
  // CJK, kana (incl. half-width, voiced marks), ideographic space
  '東京都 日本語のテキスト　中文分词 漢字 ｶﾞｷﾞ ガギ ゛ 〇〻々',
  // Korean: precomposed syllables and conjoining jamo
  '한국어 텍스트 안녕하세요 \u1100\u1161\u11a8 ᄀᄁ ㄱㄲ',
  // Emoji: ZWJ sequences, skin tones, flags, keycaps, variation selectors
  '👨‍👩‍👧‍👦 family 👍🏽 thumbs 🇫🇷 flag ❤️ heart a👍b 1️⃣ #️⃣ 🏳️‍🌈',
  // Turkish dotted and dotless i
  'İSTANBUL ıslak İi Iı DİYARBAKIR i̇ İ̇',
  // German sharp s, both cases
  'STRASSE Straße GROẞE Maße ß ẞ',
  // Latin ligatures and compatibility forms
  'ﬁnance ﬂuﬀy ﬃ ﬄ ﬅ ﬆ Ĳsselmeer ĳ ŉ ǈ',
  // Georgian (Mtavruli capitals lower to Mkhedruli)
  'ქართული ენა ᲥᲐᲠᲗᲣᲚᲘ Ⴀ ⴀ',
  // Title-case digraphs
  'ǅemal ǄEMAL ǆ ǈ ǋ ǲ Ǳ',
  // Mathematical alphanumerics (astral, NFKD to ASCII)
  '𝐇𝐞𝐥𝐥𝐨 𝕎𝕠𝕣𝕝𝕕 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟙𝟚𝟛 𝒜𝒷𝒸',
  // Full-width and half-width forms
  'ＦＵＬＬｗｉｄｔｈ　ｔｅｘｔ ０１２３ ｶﾀｶﾅ ￦ ＿＿',
  // Zero-width and invisible characters
  'zero\u200bwidth\u200cjoin\u200d\u2060word\ufeffbom\u00adsoft\u180evs\u034fcgj',
  // Every kind of Python whitespace (U+001C..U+001F and U+0085 included) and near misses (U+200B, U+180E)
  'a\u00a0b\u2028c\u3000d\u0085e\u001cf\u001dg\u001eh\u001fi\u2029j\u1680k\u180el\u200bm\u202fn\u205fo\u2000p\tq\u000br\u000cs\r\nt  u\u3000\u3000v',
  // Digits in other scripts, superscripts, fractions, circled, Roman numerals
  '٣٤٥ ۶۷ ०१२ ০১২ ๑๒๓ ²³ ½ ⅓ ① Ⅻ ⅻ 𝟘 ፩፪ 〇 ¹²³ x² 10³',
  // Underscore and word joins
  'snake_case __init__ _ __ a_b _x ‿ ⁀ ︳',
  // Combining marks (NFD) and stacked diacritics
  'cafe\u0301 nai\u0308ve re\u0301sume\u0301 a\u0300\u0301\u0302b Z\u0351\u0352\u0353algo o\u0328\u0304',
  // Letterlike symbols
  '\u212a\u212b\u2126 ℃ ℉ № ™ ℌ ℍ ℯ ℓ ㎏ ㍱',
  // Characters newer than Python's Unicode 14: unassigned there (not \w, not lowered, kept by NFKD)
  '\u{1E030}\u{1E031}x \u1C89\u1C8A \u{11F04}\u{11F05} \u{1FAE8} \u{1F7D9} \u{A7D5}\u{A7D6}',
  // Punctuation-heavy Romance text
  "l'été — «citation» ‘quotes’ “double” … ¿qué? ¡sí! d’Artagnan l'ami",
  // Vietnamese stacked accents
  'Tiếng Việt có dấu ĐẶNG Ở ĐÂY ư ơ',
  // Case mappings that change the UTF-8 length or the code point count
  'ȺȾ Ɐ ẞ İ Ϊ́ ΐ Å ǰ Ω ſ K Ⱥ ᾈ ᾼ',
  // Cherokee (capitals lower into a supplementary block) and Armenian
  'ᏣᎳᎩ ꭰꭱ Ꮳ Հայերեն և ﬓ',
  // Empty and whitespace-only documents
  '',
  '   \u3000\u2028 ',
  // Short words for char_wb, one-character tokens
  'a b c de f gh i j',
  // URLs, mail, mentions, numbers
  'https://例え.jp/パス?q=ü&x=1 mail: ÜSER@bücher.de #ハッシュ @usér 3,14 1.000,50',
  // Music, ancient and rare scripts (astral letters)
  '𐌰𐌱𐌲 𓀀𓀁 𐐀𐐨 𞤀𞤢 𑀅𑀆',
  // Control characters and noncharacters
  'ctrl\u0001\u0007\u007fdel \ufffe\uffff \u{10FFFF} nul\u0000byte',
];

/** A lone surrogate (invalid UTF-16), not part of the corpus above: its handling is tested separately. */
export const LONE_SURROGATE_TEXTS: readonly string[] = [
  'lone\ud800surrogate test',
  'trail\udfffing word',
  'ok text',
  'caf\u00e9\ud800 na\u00efve',
];
