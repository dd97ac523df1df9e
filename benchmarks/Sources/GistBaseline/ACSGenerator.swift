import Foundation
import Gist

/// SplitMix64: a small seeded generator, so generated cohorts are the same on every machine.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Generates plausible, varied case records for acs-2017 (exchange schema of
/// examples/cases/README.md): a mix of localized, metastatic and recurrent disease, every size
/// and mitosis threshold, drug histories, and some records that leave out an input without a
/// default (so some results are undetermined).
public struct ACSGenerator: Sendable {
    public var random: SplitMix64
    /// Percent of records that leave out each input without a default (besides `responded` and
    /// `met_sites`, which follow the disease).
    public var missingPercent: Int

    public init(seed: UInt64, missingPercent: Int = 3) {
        random = SplitMix64(seed: seed)
        self.missingPercent = missingPercent
    }

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    mutating func pick<T>(_ weighted: [(T, Int)]) -> T {
        let total = weighted.reduce(0) { $0 + $1.1 }
        var x = Int.random(in: 0..<total, using: &random)
        for (v, w) in weighted {
            if x < w { return v }
            x -= w
        }
        return weighted[weighted.count - 1].0
    }

    mutating func drugs(_ percent: Int) -> ACSRecord.Drugs {
        var d: ACSRecord.Drugs = []
        for bit in 0..<7 where chance(bit == 0 ? percent * 2 : percent) { d.insert(ACSRecord.Drugs(rawValue: 1 << UInt8(bit))) }
        return d
    }

    public mutating func next(id: Int) -> ACSRecord {
        var r = ACSRecord(id: id)
        let spread = pick([(ACSRecord.Spread.localized, 55), (.metastatic, 30), (.recurrent, 15)])
        let advanced = spread != .localized
        if !chance(missingPercent) { r.spread = spread }
        if !chance(missingPercent) {
            // Sizes in tenths of a cm, with the thresholds (2, 5, 10 cm) hit exactly now and then.
            r.size = chance(10) ? [2, 5, 10].randomElement(using: &random) : Double(Int.random(in: 3...250, using: &random)) / 10
        }
        if !chance(missingPercent) {
            r.site = pick([(ACSRecord.Site.stomach, 60), (.small_intestine, 25), (.duodenum, 5), (.colorectum, 5),
                           (.esophagus, 2), (.other, 3)])
        }
        if !chance(missingPercent) {
            r.mitoses = chance(10) ? 5 : Double(min(Int(-log(Double.random(in: 0.0001...1, using: &random)) * 6), 200))
        }
        if !chance(missingPercent) {
            r.resectability = advanced ? pick([(ACSRecord.Resectability.resectable, 20), (.marginal, 20), (.unresectable, 60)])
                : pick([(ACSRecord.Resectability.resectable, 70), (.marginal, 20), (.unresectable, 10)])
        }
        r.symptomatic = chance(30)
        r.resected = chance(advanced ? 10 : 30)
        r.biopsyConfirmed = chance(60)
        r.priorImatinib = chance(advanced ? 50 : 15)
        if advanced || chance(5) {
            r.failed = drugs(advanced ? 15 : 2)
            r.intolerant = drugs(5)
        }
        r.doseIncreased = chance(advanced ? 20 : 2)
        if r.priorImatinib || chance(10) { r.responded = chance(50) }
        if advanced && chance(85) { r.metSites = Double(Int.random(in: 0...8, using: &random)) }
        if advanced { r.liverMets = pick([(ACSRecord.LiverMets.none, 50), (.few_small, 25), (.extensive, 25)]) }
        r.liverMetsNearMajorStructures = r.liverMets != .none && chance(30)
        r.liverDisease = chance(8)
        r.slowGrowing = advanced && chance(30)
        r.complications = chance(10)
        r.wellDefined = spread == .recurrent && chance(50)
        r.bonePain = advanced && chance(10)
        r.declinesTreatment = chance(2)
        return r
    }
}

extension ACSRecord {
    static let siteNames = ["stomach", "small_intestine", "duodenum", "colorectum", "esophagus", "other"]
    static let spreadNames = ["localized", "metastatic", "recurrent"]
    static let resectabilityNames = ["resectable", "marginal", "unresectable"]
    static let liverNames = ["none", "few_small", "extensive"]

    static func drugList(_ d: Drugs) -> [String] {
        Drugs.names.enumerated().filter { d.rawValue & (1 << UInt8($0.offset)) != 0 }.map(\.element)
    }

    /// The record as fields of the exchange schema (every known field; unknown ones left out).
    public var fields: [(String, RawValue)] {
        var f: [(String, RawValue)] = [("id", .string("P\(id)"))]
        if let size { f.append(("size", .number(size))) }
        if let site { f.append(("site", .string(Self.siteNames[Int(site.rawValue)]))) }
        if let mitoses { f.append(("mitoses", .number(mitoses))) }
        if let spread { f.append(("spread", .string(Self.spreadNames[Int(spread.rawValue)]))) }
        if let resectability { f.append(("resectability", .string(Self.resectabilityNames[Int(resectability.rawValue)]))) }
        if let responded { f.append(("responded", .bool(responded))) }
        f.append(("symptomatic", .bool(symptomatic)))
        f.append(("resected", .bool(resected)))
        f.append(("biopsy_confirmed", .bool(biopsyConfirmed)))
        f.append(("prior_imatinib", .bool(priorImatinib)))
        f.append(("failed", .array(Self.drugList(failed).map { .string($0) })))
        f.append(("intolerant", .array(Self.drugList(intolerant).map { .string($0) })))
        f.append(("dose_increased", .bool(doseIncreased)))
        if let metSites { f.append(("met_sites", .number(metSites))) }
        f.append(("liver_mets", .string(Self.liverNames[Int(liverMets.rawValue)])))
        f.append(("liver_mets_near_major_structures", .bool(liverMetsNearMajorStructures)))
        f.append(("liver_disease", .bool(liverDisease)))
        f.append(("slow_growing", .bool(slowGrowing)))
        f.append(("complications", .bool(complications)))
        f.append(("well_defined", .bool(wellDefined)))
        f.append(("bone_pain", .bool(bonePain)))
        f.append(("declines_treatment", .bool(declinesTreatment)))
        return f
    }

    public func rawRecord(file: String = "generated", number: Int = 1) -> RawRecord {
        RawRecord(fields: fields.map { (name: $0.0, value: $0.1) }, location: RecordLocation(file: file, record: number))
    }

    /// One line of JSON Lines (without the line break).
    public var jsonLine: String {
        func json(_ v: RawValue) -> String {
            switch v {
            case .null: return "null"
            case .bool(let b): return b ? "true" : "false"
            case .number(let x): return x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
            case .string(let s): return "\"" + s + "\""
            case .array(let xs): return "[" + xs.map(json).joined(separator: ",") + "]"
            case .object: return "{}"
            }
        }
        return "{" + fields.map { "\"\($0.0)\":" + json($0.1) }.joined(separator: ",") + "}"
    }

    /// The CSV header of `csvLine`.
    public static var csvHeader: String { (["id"] + inputNames).joined(separator: ",") }

    /// One CSV row (sets separated by `;`, unknown fields empty).
    public var csvLine: String {
        let byName = Dictionary(fields, uniquingKeysWith: { a, _ in a })
        return (["id"] + Self.inputNames).map { name -> String in
            switch byName[name] {
            case .none, .some(.null), .some(.object): return ""
            case .some(.bool(let b)): return b ? "true" : "false"
            case .some(.number(let x)): return x == x.rounded() ? String(Int64(x)) : "\(x)"
            case .some(.string(let s)): return s
            case .some(.array(let xs)):
                return xs.compactMap { if case .string(let s) = $0 { return s } else { return nil } }.joined(separator: ";")
            }
        }.joined(separator: ",")
    }
}
