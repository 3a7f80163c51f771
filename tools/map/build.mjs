// Builds ../../explainer/pictures/europe.json: the countries of Europe and around it as SVG path
// data, from Natural Earth's 1:50m countries (public domain) as packaged by world-atlas.
// Run from this folder: npm ci && npm run build. The output is committed; the site reads it.
import { readFileSync, writeFileSync } from "node:fs";
import { geoConicConformal, geoContains, geoPath } from "d3-geo";
import { feature } from "topojson-client";
import { presimplify, simplify, sphericalTriangleArea } from "topojson-simplify";

const WIDTH = 360;
const HEIGHT = 300;
// Drop points whose triangle covers less than this (steradians): invisible at this scale.
const MIN_WEIGHT = 6e-6;
// The frame: from Ireland to the Caspian, from Israel to southern Scandinavia.
const FRAME = { type: "MultiPoint", coordinates: [[-10, 36], [49, 61], [-9, 58], [45, 31]] };
// Where each labelled country's label sits (longitude, latitude), chosen by eye to keep labels
// apart; Natural Earth's names are the keys the site uses.
const LABELS = {
  Ukraine: [31.5, 49],
  Russia: [33.5, 59.5],
  Belarus: [28.5, 55.3],
  Poland: [18.8, 52.9],
  Germany: [9.2, 50.6],
  France: [2.4, 46.6],
  Italy: [12.5, 42.6],
  "United Kingdom": [-2.2, 53.2],
  Turkey: [34.5, 39],
  Israel: [35, 31],
};

const topology = JSON.parse(
  readFileSync(new URL("node_modules/world-atlas/countries-50m.json", import.meta.url)),
);
const simple = simplify(presimplify(topology, sphericalTriangleArea), MIN_WEIGHT);
const countries = feature(simple, simple.objects.countries).features;

const projection = geoConicConformal()
  .parallels([35, 60])
  .rotate([-20, 0])
  .fitExtent([[0, 0], [WIDTH, HEIGHT]], FRAME)
  .clipExtent([[0, 0], [WIDTH, HEIGHT]]);
const path = geoPath(projection).digits(1);

// Natural Earth draws Crimea inside Russia, as who holds it; it is Ukraine's, annexed by Russia in
// 2014 (docs/facts.md D7). It becomes a shape of its own, which the site draws as Ukraine's.
const SIMFEROPOL = [34.1, 45.0];
function splitCrimea(russia) {
  const parts = russia.geometry.coordinates;
  const isCrimea = (polygon) => geoContains({ type: "Polygon", coordinates: polygon }, SIMFEROPOL);
  const crimea = parts.filter(isCrimea);
  if (crimea.length !== 1) throw new Error("Crimea is not one polygon of Russia's");
  return [
    { ...russia, geometry: { type: "MultiPolygon", coordinates: parts.filter((p) => !isCrimea(p)) } },
    { type: "Feature", properties: { name: "Crimea" }, geometry: { type: "Polygon", coordinates: crimea[0] } },
  ];
}

const shapes = {};
for (const country of countries.flatMap((c) => (c.properties.name === "Russia" ? splitCrimea(c) : [c]))) {
  const d = path(country);
  if (d) shapes[country.properties.name] = d;
}
const labels = Object.fromEntries(
  Object.entries(LABELS).map(([name, point]) => [name, projection(point).map((v) => +v.toFixed(1))]),
);
const missing = Object.keys(LABELS).filter((name) => !(name in shapes));
if (missing.length) throw new Error(`Not on the map: ${missing.join(", ")}`);

const out = {
  source: "Natural Earth 1:50m countries (public domain), via world-atlas 2; built by tools/map",
  width: WIDTH,
  height: HEIGHT,
  shapes,
  labels,
};
const target = new URL("../../explainer/pictures/europe.json", import.meta.url);
writeFileSync(target, `${JSON.stringify(out)}\n`);
console.log(`${Object.keys(shapes).length} countries, ${JSON.stringify(out).length} bytes`);
