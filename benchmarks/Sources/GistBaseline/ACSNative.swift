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
    public var needs = InlineArray<22, UInt32>(repeating: 0)

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

    /// Evaluates one record.
    @inlinable public static func evaluate(_ r: ACSRecord) -> ACSResult {
        var out = ACSResult()
        var maybe: UInt32 = 0
        @inline(__always) func rec(_ c: Int, _ reach: UInt8, _ path: UInt32) {
            if reach == 2 {
                out.recommended |= 1 << UInt32(c)
            } else {
                maybe |= 1 << UInt32(c)
                out.needs[c] |= path
            }
        }

        // Inputs as three-valued comparisons.
        let spreadIs = { (s: ACSRecord.Spread) -> Tri in r.spread.map { Tri($0 == s) } ?? .unknown(iSpread) }
        let resectabilityIs = { (s: ACSRecord.Resectability) -> Tri in
            r.resectability.map { Tri($0 == s) } ?? .unknown(iResectability)
        }

        // Derived values.
        let hadImatinib = r.priorImatinib || r.failed.contains(.imatinib) || r.intolerant.contains(.imatinib)
        let gistConfirmed = r.biopsyConfirmed || hadImatinib
        let imatinibWorking = !r.failed.contains(.imatinib) && !r.intolerant.contains(.imatinib)
        let unusable = r.failed.union(r.intolerant)
        let sunitinibUsable = !unusable.contains(.sunitinib)
        let regorafenibUsable = !unusable.contains(.regorafenib)
        let otherTKILeft = !unusable.isSuperset(of: [.sorafenib, .dasatinib, .nilotinib, .pazopanib])
        let shrank = Tri(hadImatinib && imatinibWorking) && (r.responded.map { Tri($0) } ?? .unknown(iResponded))

        /// Drug sequence (all its conditions are known: sets and booleans with defaults).
        @inline(__always) func drugSequence(_ reach: UInt8, _ path: UInt32) {
            if imatinibWorking { rec(imatinib, reach, path) }
            else if !r.intolerant.contains(.imatinib) && !r.doseIncreased { rec(imatinib_dose_increase, reach, path) }
            else if sunitinibUsable { rec(sunitinib, reach, path) }
            else if regorafenibUsable { rec(regorafenib, reach, path) }
            else {
                rec(clinical_trial, reach, path)
                rec(supportive_care, reach, path)
                if otherTKILeft { rec(other_tki, reach, path) }
            }
        }

        // pathway: first { … }
        if r.declinesTreatment {
            rec(supportive_care, 2, 0)
            return out
        }
        var prior: UInt8 = 2
        var extra: UInt32 = 0

        // when spread == localized and resected
        let localized = spreadIs(.localized)
        let a2 = localized && Tri(r.resected)
        if a2.t != 0 {
            let reach = min(prior, a2.t)
            let path = extra | (a2.t == 1 ? a2.n : 0)
            if hadImatinib {
                rec(continue_imatinib_after_surgery, reach, path)
            } else {
                let level = afip(r.size, r.mitoses, r.site)
                let risk: UInt8? = level.map { $0 <= AFIP.low.rawValue ? Risk.low.rawValue
                    : $0 == AFIP.moderate.rawValue ? Risk.intermediate.rawValue : Risk.high.rawValue }
                // What an unknown risk needs: its table's unknown columns.
                let riskNeeds: UInt32 = (r.size == nil ? 1 << UInt32(iSize) : 0) | (r.site == nil ? 1 << UInt32(iSite) : 0)
                    | (r.mitoses == nil ? 1 << UInt32(iMitoses) : 0)
                if let risk {
                    if risk == Risk.low.rawValue { rec(no_further_treatment, reach, path) }
                    else if risk == Risk.intermediate.rawValue { rec(adjuvant_imatinib_1y, reach, path) }
                    else { rec(adjuvant_imatinib_3y, reach, path) }
                } else {
                    // All three alternatives are unknown: each reached on an unknown path.
                    rec(no_further_treatment, 1, path | riskNeeds)
                    rec(adjuvant_imatinib_1y, 1, path | riskNeeds)
                    rec(adjuvant_imatinib_3y, 1, path | riskNeeds)
                }
            }
        }
        prior = min(prior, 2 - a2.t)
        if a2.t == 1 { extra |= a2.n }

        // when spread == localized and resectability == resectable
        if prior != 0 {
            let a3 = localized && resectabilityIs(.resectable)
            let reach = min(prior, a3.t)
            if reach != 0 {
                let path = extra | (a3.t == 1 ? a3.n : 0)
                let tiny = (r.size.map { Tri($0 < 2) } ?? .unknown(iSize)) && Tri(!r.symptomatic)
                let t1 = min(reach, tiny.t)
                if t1 != 0 { rec(surveillance_endoscopy, t1, tiny.t == 1 ? path | tiny.n : path) }
                rec(surgery, reach, path)
                if let size = r.size {
                    if size <= 5 { rec(laparoscopic_option, reach, path) }
                } else {
                    rec(laparoscopic_option, 1, path | 1 << UInt32(iSize))
                }
            }
            prior = min(prior, 2 - a3.t)
            if a3.t == 1 { extra |= a3.n }
        }

        // when spread == localized and resectability == marginal
        if prior != 0 {
            let a4 = localized && resectabilityIs(.marginal)
            let reach = min(prior, a4.t)
            if reach != 0 {
                let path = extra | (a4.t == 1 ? a4.n : 0)
                if !gistConfirmed { rec(biopsy, reach, path) }
                else if !hadImatinib { rec(neoadjuvant_imatinib, reach, path) }
                else {
                    let r3 = min(reach, shrank.t)
                    let sPath = shrank.t == 1 ? path | shrank.n : path
                    if r3 != 0 { rec(surgery_after_response, r3, sPath) }
                    if shrank.t != 2 { drugSequence(min(reach, 2 - shrank.t), sPath) }
                }
            }
            prior = min(prior, 2 - a4.t)
            if a4.t == 1 { extra |= a4.n }
        }

        // otherwise
        if prior != 0 {
            let reach = prior
            let path = extra
            rec(chemotherapy_not_advised, reach, path)
            if r.bonePain { rec(palliative_radiation, reach, path) }
            // first { when spread != recurrent and not gist_confirmed … }
            let notRecurrent = !spreadIs(.recurrent)
            let b1 = notRecurrent && Tri(!gistConfirmed)
            var p2 = reach
            var x2 = path
            if b1.t != 0 { rec(biopsy, min(p2, b1.t), b1.t == 1 ? x2 | b1.n : x2) }
            p2 = min(p2, 2 - b1.t)
            if b1.t == 1 { x2 |= b1.n }
            if p2 != 0 {
                let metastatic = spreadIs(.metastatic)
                let b2 = metastatic && Tri(r.resected && hadImatinib && imatinibWorking)
                if b2.t != 0 { rec(continue_imatinib_after_surgery, min(p2, b2.t), b2.t == 1 ? x2 | b2.n : x2) }
                p2 = min(p2, 2 - b2.t)
                if b2.t == 1 { x2 |= b2.n }
                if p2 != 0 {
                    // otherwise
                    drugSequence(p2, x2)
                    let recurrent = spreadIs(.recurrent)
                    func when(_ c: Tri, _ code: Int) {
                        let t = min(p2, c.t)
                        if t != 0 { rec(code, t, c.t == 1 ? x2 | c.n : x2) }
                    }
                    when(notRecurrent && shrank, surgery_after_response)
                    let limited = (r.metSites.map { Tri($0 <= 2) } ?? .unknown(iMetSites)) && Tri(r.slowGrowing || r.complications)
                    when(metastatic && limited, metastasectomy)
                    when(recurrent && Tri(r.wellDefined), metastasectomy)
                    let notLocalized = !localized
                    let t = min(p2, notLocalized.t)
                    if t != 0 {
                        let px = notLocalized.t == 1 ? x2 | notLocalized.n : x2
                        if r.liverMets == .few_small && !r.liverMetsNearMajorStructures { rec(liver_ablation, t, px) }
                        if r.liverMets != .none && !r.liverDisease { rec(liver_embolization, t, px) }
                    }
                    when(recurrent, clinical_trial)
                }
            }
        }
        out.undetermined = maybe & ~out.recommended
        return out
    }
}
