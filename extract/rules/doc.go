// Package rules holds kg's rule-based extractors: small named rules over
// characters and gse tokens that find people, organisations, programmes
// and places in Chinese news text and the relations between them.
//
// The rules use general knowledge only (titles, surnames, name suffixes,
// China's administrative divisions; see data/), never a list of the names
// in any corpus. For example, from the paragraph
//
//	市北区委常委、组织部部长管方圆出席仪式。
//
// the title-chain rule finds the Person 管方圆, the Organisations 市北区委
// and 市北区委组织部, HOLDS_POSITION 管方圆 → 市北区委 (常委) and
// 管方圆 → 市北区委组织部 (部长), and the name rule adds PART_OF
// 市北区委组织部 → 市北区委.
//
// Each finding carries the name of the rule that made it and a confidence.
package rules
