/**
 * The controlled vocabularies the open-data world expects (the EU Publications Office authority
 * tables that DCAT-AP names, IANA media types) and how the catalog's own terms map onto them.
 */
import type { Classification, OpenType, UpdateCycle } from '../model.js';

const AUTHORITY = 'http://publications.europa.eu/resource/authority';

/** A term of a controlled vocabulary: its IRI and an English label (the vocabularies' own). */
export interface Term {
  iri: string;
  label: string;
}

const term = (table: string, code: string, label: string): Term => ({ iri: `${AUTHORITY}/${table}/${code}`, label });

export const DATA_THEME_SCHEME: Term = { iri: `${AUTHORITY}/data-theme`, label: 'Data theme' };

const THEMES = {
  AGRI: 'Agriculture, fisheries, forestry and food',
  ECON: 'Economy and finance',
  EDUC: 'Education, culture and sport',
  ENER: 'Energy',
  ENVI: 'Environment',
  GOVE: 'Government and public sector',
  HEAL: 'Health',
  INTR: 'International issues',
  JUST: 'Justice, legal system and public safety',
  REGI: 'Regions and cities',
  SOCI: 'Population and society',
  TECH: 'Science and technology',
  TRAN: 'Transport',
} as const;
export type ThemeCode = keyof typeof THEMES;

export function dataTheme(code: ThemeCode): Term {
  return term('data-theme', code, THEMES[code]);
}

/**
 * The base resource classes (基础信息资源类, category 1) are fixed by the national guide, so they map
 * by their item code; everything else maps by the words of its classification names.
 */
const BASE_THEMES: Record<string, ThemeCode[]> = {
  '01': ['SOCI'], // 人口信息
  '02': ['ECON', 'GOVE'], // 法人单位信息
  '03': ['REGI', 'ENVI'], // 自然资源和空间地理信息
  '04': ['ECON', 'JUST'], // 社会信用信息
  '05': ['GOVE'], // 电子证照信息
};

/** Checked in order; the first rule whose words appear in the item or catalog name wins. */
const WORD_THEMES: readonly [RegExp, ThemeCode[]][] = [
  [/执法|处罚|司法|法院|检察|公安|治安|消防|应急|安全/u, ['JUST']],
  [/人口|户籍|社保|社会保障|就业|民政|养老|婚姻|殡葬|残疾/u, ['SOCI']],
  [/教育|学校|文化|体育|旅游/u, ['EDUC']],
  [/卫生|医疗|医保|健康|疾病|药品/u, ['HEAL']],
  [/交通|道路|公交|运输|车辆|港口|铁路|航空/u, ['TRAN']],
  [/环境|生态|气象|水利|污染/u, ['ENVI']],
  [/农业|农村|林业|渔业|畜牧|粮食/u, ['AGRI']],
  [/能源|电力|燃气|石油/u, ['ENER']],
  [/科技|科学|专利|知识产权/u, ['TECH']],
  [/地理|空间|区划|规划|国土|测绘|城市|城乡/u, ['REGI']],
  [/经济|企业|市场|法人|财政|税务|金融|统计|信用|价格/u, ['ECON']],
  [/外事|国际|港澳|侨务/u, ['INTR']],
];

/** The EU data themes of a classification: see the table in the README (DCAT-AP section). */
export function themesOf(classification: Classification): Term[] {
  if (classification.categoryCode === '1' && BASE_THEMES[classification.itemCode]) {
    return BASE_THEMES[classification.itemCode]!.map(dataTheme);
  }
  const words = `${classification.itemName} ${classification.catalogName} ${classification.subitemName ?? ''}`;
  const rule = WORD_THEMES.find(([pattern]) => pattern.test(words));
  return (rule ? rule[1] : (['GOVE'] as ThemeCode[])).map(dataTheme);
}

const FREQUENCIES: Record<UpdateCycle, Term> = {
  'real-time': term('frequency', 'CONT', 'continuous'),
  daily: term('frequency', 'DAILY', 'daily'),
  weekly: term('frequency', 'WEEKLY', 'weekly'),
  monthly: term('frequency', 'MONTHLY', 'monthly'),
  quarterly: term('frequency', 'QUARTERLY', 'quarterly'),
  yearly: term('frequency', 'ANNUAL', 'annual'),
  irregular: term('frequency', 'IRREG', 'irregular'),
};

export function frequencyOf(cycle: UpdateCycle): Term {
  return FREQUENCIES[cycle];
}

const ACCESS_RIGHTS: Record<OpenType, Term> = {
  open: term('access-right', 'PUBLIC', 'public'),
  conditional: term('access-right', 'RESTRICTED', 'restricted'),
  closed: term('access-right', 'NON_PUBLIC', 'non-public'),
};

export function accessRightsOf(open: OpenType): Term {
  return ACCESS_RIGHTS[open];
}

export interface Licence extends Term {
  /** The licence's type in the ADMS licence-type vocabulary. */
  type: Term;
  /** Its SPDX / Open Definition identifier (Frictionless `licenses[].name`) and its text. */
  spdx: string;
  url: string;
  /** Its id and title in CKAN's default licence register. */
  ckan: { id: string; title: string };
}

const ADMS_LICENCE_TYPE = 'http://purl.org/adms/licencetype';
const ATTRIBUTION: Term = { iri: `${ADMS_LICENCE_TYPE}/Attribution`, label: 'Attribution' };
const PUBLIC_DOMAIN: Term = { iri: `${ADMS_LICENCE_TYPE}/PublicDomain`, label: 'Public domain' };

const LICENCES: readonly [RegExp, Licence][] = [
  [
    /^cc[\s-]*by[\s-]*4(\.0)?$/i,
    {
      ...term('licence', 'CC_BY_4_0', 'Creative Commons Attribution 4.0 International'),
      type: ATTRIBUTION,
      spdx: 'CC-BY-4.0',
      url: 'https://creativecommons.org/licenses/by/4.0/',
      ckan: { id: 'cc-by', title: 'Creative Commons Attribution' },
    },
  ],
  [
    /^cc[\s-]*by[\s-]*sa[\s-]*4(\.0)?$/i,
    {
      ...term('licence', 'CC_BYSA_4_0', 'Creative Commons Attribution-ShareAlike 4.0 International'),
      type: ATTRIBUTION,
      spdx: 'CC-BY-SA-4.0',
      url: 'https://creativecommons.org/licenses/by-sa/4.0/',
      ckan: { id: 'cc-by-sa', title: 'Creative Commons Attribution Share-Alike' },
    },
  ],
  [
    /^cc[\s-]*0([\s-]*1(\.0)?)?$/i,
    {
      ...term('licence', 'CC0', 'Creative Commons CC0 1.0 Universal'),
      type: PUBLIC_DOMAIN,
      spdx: 'CC0-1.0',
      url: 'https://creativecommons.org/publicdomain/zero/1.0/',
      ckan: { id: 'cc-zero', title: 'Creative Commons CCZero' },
    },
  ],
  [
    /^odc[\s-]*by([\s-]*1(\.0)?)?$/i,
    {
      ...term('licence', 'ODC_BY', 'Open Data Commons Attribution License'),
      type: ATTRIBUTION,
      spdx: 'ODC-By-1.0',
      url: 'https://opendatacommons.org/licenses/by/1-0/',
      ckan: { id: 'odc-by', title: 'Open Data Commons Attribution License' },
    },
  ],
];

/** The licence vocabulary term for a licence as the catalog records it (free text), if known. */
export function licenceOf(text: string | undefined): Licence | undefined {
  if (!text) return undefined;
  return LICENCES.find(([pattern]) => pattern.test(text.trim()))?.[1];
}

export const LANGUAGE_ZH: Term = term('language', 'ZHO', 'Chinese');
export const LOCAL_AUTHORITY: Term = { iri: 'http://purl.org/adms/publishertype/LocalAuthority', label: 'Local Authority' };
export const AVAILABILITY_STABLE: Term = term('planned-availability', 'STABLE', 'stable');

/** The forms a resource's data is served in: file type (EU vocabulary) and IANA media type. */
export interface DataFormat {
  fileType: Term;
  /** Absent where IANA registers no type (JSON Lines). */
  mediaType?: Term;
}

const iana = (type: string): Term => ({ iri: `https://www.iana.org/assignments/media-types/${type}`, label: type });

export const CSV: DataFormat = { fileType: term('file-type', 'CSV', 'CSV'), mediaType: iana('text/csv') };
export const JSON_FORMAT: DataFormat = { fileType: term('file-type', 'JSON', 'JSON'), mediaType: iana('application/json') };
/** JSON Lines has no term of its own in either vocabulary; its file type is JSON. */
export const JSON_LINES: DataFormat = { fileType: term('file-type', 'JSON', 'JSON') };
