/// The decisions of `guidelines/acs-2017.gist`, written by hand in Swift: the native baseline
/// that the compiled evaluator is measured against.
///
/// It is the same function, not a simplification: unknown inputs follow Kleene's three-valued
/// logic, a recommendation whose path is unknown is undetermined, and for each undetermined
/// recommendation it gives the inputs that would decide it, exactly as gist does (a test
/// checks this on 100,000 random records). Results are bit sets over `ACSRecord.codes`;
/// `needs` bits are input positions in `ACSRecord.inputNames`.
public struct ACSResult: Sendable {
    public var recommended: UInt32 = 0
    /// Codes reached only on an unknown path (and not also recommended).
    public var undetermined: UInt32 = 0
    public var needs = InlineArray<23, UInt32>(repeating: 0)

    public init() {}

    public func needs(_ code: Int) -> UInt32 { needs[code] }
}

/// A three-valued truth with, when unknown, the inputs that make it so (bit set).
@usableFromInline struct Tri {
    @usableFromInline var t: UInt8  // 0 false, 1 unknown, 2 true
    @usableFromInline var n: UInt32

    @inlinable init(_ t: UInt8, _ n: UInt32) { self.t = t; self.n = n }
    @inlinable init(_ b: Bool) { t = b ? 2 : 0; n = 0 }

    @inlinable static func unknown(_ input: Int) -> Tri { Tri(1, 1 << UInt32(input)) }

    @inlinable static func && (a: Tri, b: Tri) -> Tri {
        let t = min(a.t, b.t)
        guard t == 1 else { return Tri(t, 0) }
        return Tri(1, (a.t == 1 ? a.n : 0) | (b.t == 1 ? b.n : 0))
    }
    @inlinable static func || (a: Tri, b: Tri) -> Tri {
        let t = max(a.t, b.t)
        guard t == 1 else { return Tri(t, 0) }
        return Tri(1, (a.t == 1 ? a.n : 0) | (b.t == 1 ? b.n : 0))
    }
    @inlinable static prefix func ! (a: Tri) -> Tri { Tri(2 - a.t, a.n) }
}

public enum ACSNative {
    // Input positions.
    @usableFromInline static let iSize = 0, iSite = 1, iMitoses = 2, iSpread = 3, iResectability = 4, iResponded = 5, iMetSites = 13
    // Codes.
    @usableFromInline static let surveillance_endoscopy = 0, surgery = 1, laparoscopic_option = 2, no_further_treatment = 3
    @usableFromInline static let adjuvant_imatinib_1y = 4, adjuvant_imatinib_3y = 5, biopsy = 6, neoadjuvant_imatinib = 7
    @usableFromInline static let surgery_after_response = 8, continue_imatinib_after_surgery = 9, imatinib = 10
    @usableFromInline static let imatinib_dose_increase = 11, sunitinib = 12, regorafenib = 13, other_tki = 14
    @usableFromInline static let clinical_trial = 15, metastasectomy = 16, liver_ablation = 17, liver_embolization = 18
    @usableFromInline static let palliative_radiation = 19, supportive_care = 20, chemotherapy_not_advised = 21
    @usableFromInline static let imatinib_not_continued = 22

    @usableFromInline enum AFIP: UInt8 { case none, very_low, low, moderate, high }
    @usableFromInline enum Risk: UInt8 { case low, intermediate, high }

    /// The AFIP table (unique hit policy) with three-valued matching: nil when unknown.
    @inlinable static func afip(_ sizeCm: Double?, _ mitoses: Double?, _ site: ACSRecord.Site?) -> UInt8? {
        // Every row tests size and mitoses, so either unknown leaves no certain row.
        guard let size = sizeCm, let mit = mitoses else { return nil }
        let low = mit <= 5
        guard let site else {
            // Only the rows with `any` site can match surely, and no other row may match.
            if size <= 2 && low { return AFIP.none.rawValue }
            if size > 10 && !low { return AFIP.high.rawValue }
            // (5..10] cm with > 5 mitoses: both candidate rows say high, but neither is certain.
            return nil
        }
        let stomach = site == .stomach
        let dc = site == .duodenum || site == .colorectum
        if low {
            if size <= 2 { return AFIP.none.rawValue }
            if size <= 5 { return stomach ? AFIP.very_low.rawValue : AFIP.low.rawValue }
            if size <= 10 { return stomach ? AFIP.low.rawValue : dc ? AFIP.high.rawValue : AFIP.moderate.rawValue }
            return stomach ? AFIP.moderate.rawValue : AFIP.high.rawValue
        }
        if size <= 2 { return stomach ? AFIP.none.rawValue : AFIP.high.rawValue }
        if size <= 5 { return stomach ? AFIP.moderate.rawValue : AFIP.high.rawValue }
        return AFIP.high.rawValue
    }

    /// Results being collected: certain and possible codes, and what the possible ones need.
    @usableFromInline struct Acc {
        @usableFromInline var out = ACSResult()
        @usableFromInline var maybe: UInt32 = 0
        @inlinable init() {}

        @inlinable @inline(__always) mutating func rec(_ c: Int, _ reach: UInt8, _ path: UInt32) {
            if reach == 2 {
                out.recommended |= 1 << UInt32(c)
            } else {
                maybe |= 1 << UInt32(c)
                out.needs[c] |= path
            }
        }

        /// `when C { recommend code }` at reach `reach` on `path`.
        @inlinable @inline(__always) mutating func when(_ c: Tri, _ code: Int, _ reach: UInt8, _ path: UInt32) {
            let t = min(reach, c.t)
            if t != 0 { rec(code, t, c.t == 1 ? path | c.n : path) }
        }
    }

    /// The drug sequence (all its conditions are known: sets and booleans with defaults).
    @inlinable @inline(__always)
    static func drugSequence(_ r: ACSRecord, _ acc: inout Acc, _ reach: UInt8, _ path: UInt32) {
        let unusable = r.failed.union(r.intolerant)
        if !unusable.contains(.imatinib) { acc.rec(imatinib, reach, path) }
        else if !r.intolerant.contains(.imatinib) && !r.doseIncreased { acc.rec(imatinib_dose_increase, reach, path) }
        else if !unusable.contains(.sunitinib) { acc.rec(sunitinib, reach, path) }
        else if !unusable.contains(.regorafenib) { acc.rec(regorafenib, reach, path) }
        else {
            acc.rec(clinical_trial, reach, path)
            acc.rec(supportive_care, reach, path)
            if !unusable.isSuperset(of: [.sorafenib, .dasatinib, .nilotinib, .pazopanib]) { acc.rec(other_tki, reach, path) }
        }
    }

    /// Evaluates one record.
    @inlinable public static func evaluate(_ r: ACSRecord) -> ACSResult {
        var acc = Acc()
        // pathway: first { when declines_treatment … }
        if r.declinesTreatment {
            acc.rec(supportive_care, 2, 0)
            return acc.out
        }

        // Inputs as three-valued comparisons.
        let localized = r.spread.map { Tri($0 == .localized) } ?? .unknown(iSpread)
        let metastatic = r.spread.map { Tri($0 == .metastatic) } ?? .unknown(iSpread)
        let recurrent = r.spread.map { Tri($0 == .recurrent) } ?? .unknown(iSpread)

        // Derived values.
        let hadImatinib = r.priorImatinib || r.failed.contains(.imatinib) || r.intolerant.contains(.imatinib)
        let gistConfirmed = r.biopsyConfirmed || hadImatinib
        let imatinibWorking = !r.failed.contains(.imatinib) && !r.intolerant.contains(.imatinib)
        let shrank = Tri(hadImatinib && imatinibWorking) && (r.responded.map { Tri($0) } ?? .unknown(iResponded))

        var prior: UInt8 = 2
        var extra: UInt32 = 0

        // when spread == localized and resected
        let a2 = localized && Tri(r.resected)
        if a2.t != 0 {
            let reach = min(prior, a2.t)
            let path = extra | (a2.t == 1 ? a2.n : 0)
            if hadImatinib && imatinibWorking {
                acc.rec(continue_imatinib_after_surgery, reach, path)
            } else if hadImatinib {
                acc.rec(imatinib_not_continued, reach, path)
            } else if let level = afip(r.size, r.mitoses, r.site) {
                if level <= AFIP.low.rawValue { acc.rec(no_further_treatment, reach, path) }
                else if level == AFIP.moderate.rawValue { acc.rec(adjuvant_imatinib_1y, reach, path) }
                else { acc.rec(adjuvant_imatinib_3y, reach, path) }
            } else {
                // Unknown risk: all three alternatives are reached on an unknown path, which
                // needs the risk table's unknown columns.
                let needs: UInt32 = (r.size == nil ? 1 << UInt32(iSize) : 0) | (r.site == nil ? 1 << UInt32(iSite) : 0)
                    | (r.mitoses == nil ? 1 << UInt32(iMitoses) : 0)
                acc.rec(no_further_treatment, 1, path | needs)
                acc.rec(adjuvant_imatinib_1y, 1, path | needs)
                acc.rec(adjuvant_imatinib_3y, 1, path | needs)
            }
        }
        prior = min(prior, 2 - a2.t)
        if a2.t == 1 { extra |= a2.n }

        // when spread == localized and resectability == resectable
        if prior != 0 {
            let a3 = localized && (r.resectability.map { Tri($0 == .resectable) } ?? .unknown(iResectability))
            let reach = min(prior, a3.t)
            if reach != 0 {
                let path = extra | (a3.t == 1 ? a3.n : 0)
                let tiny = (r.size.map { Tri($0 < 2) } ?? .unknown(iSize)) && Tri(!r.symptomatic)
                acc.when(tiny, surveillance_endoscopy, reach, path)
                acc.rec(surgery, reach, path)
                acc.when(r.size.map { Tri($0 <= 5) } ?? .unknown(iSize), laparoscopic_option, reach, path)
            }
            prior = min(prior, 2 - a3.t)
            if a3.t == 1 { extra |= a3.n }
        }

        // when spread == localized and resectability == marginal
        if prior != 0 {
            let a4 = localized && (r.resectability.map { Tri($0 == .marginal) } ?? .unknown(iResectability))
            let reach = min(prior, a4.t)
            if reach != 0 {
                let path = extra | (a4.t == 1 ? a4.n : 0)
                if !gistConfirmed { acc.rec(biopsy, reach, path) }
                else if !hadImatinib { acc.rec(neoadjuvant_imatinib, reach, path) }
                else {
                    acc.when(shrank, surgery_after_response, reach, path)
                    if shrank.t != 2 { drugSequence(r, &acc, min(reach, 2 - shrank.t), shrank.t == 1 ? path | shrank.n : path) }
                }
            }
            prior = min(prior, 2 - a4.t)
            if a4.t == 1 { extra |= a4.n }
        }

        // otherwise
        if prior != 0 {
            let reach = prior
            let path = extra
            acc.rec(chemotherapy_not_advised, reach, path)
            if r.bonePain { acc.rec(palliative_radiation, reach, path) }
            // first { when spread != recurrent and not gist_confirmed … }; p2 is min(reach, prior).
            let notRecurrent = !recurrent
            let b1 = notRecurrent && Tri(!gistConfirmed)
            var p2 = reach
            var x2 = path
            acc.when(b1, biopsy, p2, x2)
            p2 = min(p2, 2 - b1.t)
            if b1.t == 1 { x2 |= b1.n }
            if p2 != 0 {
                let b2 = metastatic && Tri(r.resected && hadImatinib && imatinibWorking)
                acc.when(b2, continue_imatinib_after_surgery, p2, x2)
                p2 = min(p2, 2 - b2.t)
                if b2.t == 1 { x2 |= b2.n }
                if p2 != 0 {
                    // otherwise
                    drugSequence(r, &acc, p2, x2)
                    acc.when(notRecurrent && shrank, surgery_after_response, p2, x2)
                    let limited = (r.metSites.map { Tri($0 <= 2) } ?? .unknown(iMetSites)) && Tri(r.slowGrowing || r.complications)
                    acc.when(metastatic && limited, metastasectomy, p2, x2)
                    acc.when(recurrent && Tri(r.wellDefined), metastasectomy, p2, x2)
                    let notLocalized = !localized
                    let t = min(p2, notLocalized.t)
                    if t != 0 {
                        let px = notLocalized.t == 1 ? x2 | notLocalized.n : x2
                        if r.liverMets == .few_small && !r.liverMetsNearMajorStructures { acc.rec(liver_ablation, t, px) }
                        if r.liverMets != .none && !r.liverDisease { acc.rec(liver_embolization, t, px) }
                    }
                    acc.when(recurrent, clinical_trial, p2, x2)
                }
            }
        }
        acc.out.undetermined = acc.maybe & ~acc.out.recommended
        return acc.out
    }
}
