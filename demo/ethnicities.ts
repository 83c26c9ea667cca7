/**
 * Ethnic make-up by district, roughly as the 2020 census has it: almost everyone is 汉族 except in
 * the two autonomous counties, where the Zhuang (连山) and the Pai Yao (连南) are at home.
 */
import { ethnicityCode } from './codeSets.js';
import { DISTRICTS } from './places.js';
import { Weighted } from './random.js';

type Mix = Record<string, number>;

/** Migrants from elsewhere in China, per ten thousand. */
const OTHERS: Mix = { 土家族: 8, 苗族: 6, 侗族: 4, 回族: 3, 满族: 3, 畲族: 2, 布依族: 2, 蒙古族: 2 };

const URBAN: Mix = { 汉族: 9930, 壮族: 25, 瑶族: 15, ...OTHERS };
const NORTHERN: Mix = { 汉族: 9800, 瑶族: 150, 壮族: 30, ...OTHERS };

const MIX_BY_DISTRICT: Record<string, Mix> = {
  清城区: URBAN,
  清新区: URBAN,
  佛冈县: URBAN,
  英德市: NORTHERN,
  连州市: NORTHERN,
  阳山县: NORTHERN,
  连山壮族瑶族自治县: { 汉族: 4100, 壮族: 4500, 瑶族: 1350, 苗族: 30, 侗族: 20 },
  连南瑶族自治县: { 汉族: 4400, 瑶族: 5500, 壮族: 80, 苗族: 20 },
};

/** A weighted choice of GB/T 3304 codes per district code. */
export const ETHNICITY_BY_DISTRICT: ReadonlyMap<string, Weighted<string>> = new Map(
  DISTRICTS.map((d) => [d.code, new Weighted(Object.entries(MIX_BY_DISTRICT[d.name]).map(([name, w]) => [ethnicityCode(name), w] as const))]),
);
