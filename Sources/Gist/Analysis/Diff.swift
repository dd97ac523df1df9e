/// The exact difference between two revisions of a guideline over every complete case: the
/// input space is split only where either revision's outcome depends on it, and the parts
/// where the outcomes differ are merged into maximal regions.
public struct GuidelineDiff {
    /// A recommendation as it appears in an outcome: its code and strength, or undetermined.
    public struct Item: Hashable, Comparable, Sendable {
        public let code: String
        /// `recommend`/`option`/`consider`/`avoid`, or `undetermined`.
        public let status: String
        public static func < (a: Item, b: Item) -> Bool { (a.code, a.status) < (b.code, b.status) }
        public var description: String { "\(code) (\(status))" }
    }

    public struct Change: Hashable, Sendable {
        public let removed: [Item]
        public let added: [Item]
        /// Values of `--show` names, old -> new, where they differ or are asked for.
        public let shown: [String]
    }

    public struct Region: Sendable {
        public let box: Box
        public let conditions: [String]
        public let change: Change
        public let cells: Double
    }

    public let space: Space
    public let regions: [Region]
    /// Differences in the guidelines' declarations: inputs, enums, units, texts, citations.
    public let declarationChanges: [String]
    public let totalCells: Double
    public let changedCells: Double
    public let boxesExamined: Int
    /// True when the bound on boxes was reached: the result is incomplete.
    public let exceeded: Bool
    /// True when some condition left the analysable fragment.
    public let approximate: Bool

    public init(old: Program, new: Program, show: [String] = [], limit: Int = 2_000_000) {
        let space = Space([old, new])
        self.space = space
        var a = AbstractEvaluator(space: space, program: 0)
        var b = AbstractEvaluator(space: space, program: 1)
        let showSlots: [(Int?, Int?)] = show.map { (old.slot(named: $0), new.slot(named: $0)) }


        // Each code on its own: split only where that code's status in either revision
        // depends, and keep the parts where it differs.
        struct CodeChange: Hashable { let removed: Item?; let added: Item?; let shown: [String] }
        var codes: [String] = old.recommendations.map(\.code)
        for r in new.recommendations where !codes.contains(r.code) { codes.append(r.code) }
        var perCode: [(box: Box, key: CodeChange)] = []
        var examined = 0
        var exceeded = false
        for code in codes {
            let ca = old.recommendation(code: code), cb = new.recommendation(code: code)
            func item(_ s: UInt8, _ p: Program, _ i: Int) -> Item? {
                s == 0 ? nil : Item(code: code, status: s == 2 ? p.recommendations[i].strength.rawValue : "undetermined")
            }
            let partition = Partition<CodeChange?>(space: space, root: space.fullBox, limit: limit) { box in
                var ia: Item?, ib: Item?
                if let ca {
                    switch a.outcome(box, target: ca) {
                    case .split(let s): return .split(s)
                    case .decided(let st): ia = item(st[ca], old, ca)
                    }
                }
                if let cb {
                    switch b.outcome(box, target: cb) {
                    case .split(let s): return .split(s)
                    case .decided(let st): ib = item(st[cb], new, cb)
                    }
                }
                if ia == ib { return .leaf(nil) }
                var shown: [String] = []
                for (k, (so, sn)) in showSlots.enumerated() {
                    let vo = so.map { a.valueText($0, box) } ?? .text("—")
                    if case .split(let s) = vo { return .split(s) }
                    let vn = sn.map { b.valueText($0, box) } ?? .text("—")
                    if case .split(let s) = vn { return .split(s) }
                    if case .text(let x) = vo, case .text(let y) = vn { shown.append(x == y ? "\(show[k]) = \(x)" : "\(show[k]): \(x) → \(y)") }
                }
                return .leaf(CodeChange(removed: ia, added: ib, shown: shown))
            }
            examined += partition.examined
            exceeded = exceeded || partition.exceeded
            for (box, key) in partition.leaves { if let key { perCode.append((box, key)) } }
        }
        // Overlay the per-code changes into disjoint boxes, each with all the changes there.
        var overlay: [(box: Box, changes: Set<CodeChange>)] = []
        for (box, change) in Regions.merge(perCode, space: space) {
            var next: [(box: Box, changes: Set<CodeChange>)] = []
            var uncovered = [box]
            for (e, set) in overlay {
                guard let inter = space.intersect(e, box) else { next.append((e, set)); continue }
                next.append((inter, set.union([change])))
                for d in space.subtract(e, box) { next.append((d, set)) }
                uncovered = uncovered.flatMap { space.subtract($0, inter) }
            }
            for u in uncovered { next.append((u, [change])) }
            overlay = next
        }
        let changed: [(box: Box, key: Change)] = overlay.map { entry in
            let removed = entry.changes.compactMap(\.removed).sorted()
            let added = entry.changes.compactMap(\.added).sorted()
            let shown = Array(Set(entry.changes.flatMap(\.shown))).sorted()
            return (entry.box, Change(removed: removed, added: added, shown: shown))
        }
        let merged = Regions.merge(changed, space: space)
        var regions = merged.map { Region(box: $0.box, conditions: Regions.constraints($0.box, space: space), change: $0.key,
                                          cells: space.cellCount($0.box)) }
        // Deterministic order: by the change, then by the region's description.
        regions.sort { x, y in
            let kx = x.change.removed.map(\.description).joined() + "|" + x.change.added.map(\.description).joined()
            let ky = y.change.removed.map(\.description).joined() + "|" + y.change.added.map(\.description).joined()
            if kx != ky { return kx < ky }
            return x.conditions.joined(separator: " ∧ ") < y.conditions.joined(separator: " ∧ ")
        }
        self.regions = regions
        self.totalCells = space.cellCount(space.fullBox)
        self.changedCells = regions.reduce(0) { $0 + $1.cells }
        self.boxesExamined = examined
        self.exceeded = exceeded
        self.approximate = a.approximate || b.approximate
        self.declarationChanges = GuidelineDiff.declarations(old, new)
    }

    /// The region (index) a complete case of the new guideline lies in, if any.
    public func region(ofNewCase values: [Value]) -> Int? {
        regions.firstIndex { Regions.contains($0.box, values: values, space: space, programIndex: 1) }
    }

    public func region(ofOldCase values: [Value]) -> Int? {
        regions.firstIndex { Regions.contains($0.box, values: values, space: space, programIndex: 0) }
    }

    static func declarations(_ a: Program, _ b: Program) -> [String] {
        var out: [String] = []
        let ai = Dictionary(uniqueKeysWithValues: a.inputs.map { ($0.name, $0) })
        let bi = Dictionary(uniqueKeysWithValues: b.inputs.map { ($0.name, $0) })
        for i in a.inputs where bi[i.name] == nil { out.append("input removed: \(i.name) (\(a.typeName(i.type)))") }
        for i in b.inputs where ai[i.name] == nil {
            out.append("input added: \(i.name) (\(b.typeName(i.type))\(i.defaultValue.map { ", default \(b.format($0, type: i.type, unit: i.unit))" } ?? ""))")
        }
        for x in a.inputs {
            guard let y = bi[x.name] else { continue }
            let tx = a.typeName(x.type), ty = b.typeName(y.type)
            let mx = a.enumMembers(x.type), my = b.enumMembers(y.type)
            if !mx.isEmpty || !my.isEmpty {
                let gone = mx.filter { !my.contains($0) }, new = my.filter { !mx.contains($0) }
                if !gone.isEmpty { out.append("input \(x.name): values removed: \(gone.joined(separator: ", "))") }
                if !new.isEmpty { out.append("input \(x.name): values added: \(new.joined(separator: ", ")) (cases with these values are outside the exact comparison)") }
            } else if tx != ty {
                out.append("input \(x.name): type \(tx) → \(ty)")
            }
            if x.unit?.name != y.unit?.name {
                out.append("input \(x.name): unit of bare numbers \(x.unit?.name ?? "none") → \(y.unit?.name ?? "none")")
            }
            let dx = x.defaultValue.map { a.format($0, type: x.type, unit: x.unit) } ?? "none"
            let dy = y.defaultValue.map { b.format($0, type: y.type, unit: y.unit) } ?? "none"
            if dx != dy { out.append("input \(x.name): default \(dx) → \(dy)") }
            let rx = rangeText(x, a), ry = rangeText(y, b)
            if rx != ry { out.append("input \(x.name): range \(rx) → \(ry)") }
        }
        let ar = Dictionary(uniqueKeysWithValues: a.recommendations.map { ($0.code, $0) })
        let br = Dictionary(uniqueKeysWithValues: b.recommendations.map { ($0.code, $0) })
        for r in a.recommendations where br[r.code] == nil { out.append("code removed: \(r.code)") }
        for r in b.recommendations where ar[r.code] == nil { out.append("code added: \(r.code) (\(r.strength.rawValue))") }
        for x in a.recommendations {
            guard let y = br[x.code] else { continue }
            if x.strength != y.strength { out.append("code \(x.code): strength \(x.strength.rawValue) → \(y.strength.rawValue)") }
            if x.text != y.text { out.append("code \(x.code): text changed: \"\(y.text)\"") }
            if x.citation != y.citation || x.source != y.source { out.append("code \(x.code): citation \"\(x.citation)\" → \"\(y.citation)\" (\(y.source))") }
        }
        return out
    }

    static func rangeText(_ i: InputInfo, _ p: Program) -> String {
        let f = { (x: Double) in p.format(.number(x), type: i.type, unit: i.unit) }
        var parts: [String] = []
        if let lo = i.lower { parts.append("\(lo.inclusive ? ">=" : ">") \(f(lo.value))") }
        if let hi = i.upper { parts.append("\(hi.inclusive ? "<=" : "<") \(f(hi.value))") }
        return parts.isEmpty ? "any" : parts.joined(separator: ", ")
    }
}

extension AbstractEvaluator {
    enum Shown { case text(String), split(Split) }

    /// A slot's value in a box as text, or the split that would decide it.
    mutating func valueText(_ slot: Int, _ box: Box) -> Shown {
        var values = emptyValues()
        let v = read(slot, box, &values)
        switch v {
        case .member(let m, let src, let hint):
            if m.nonzeroBitCount == 1 { return .text(program.format(.member(m.trailingZeroBitCount), type: program.slotType(slot))) }
            if let h = hint { return .split(h) }
            if let s = src { return .split(.mask(var: s.v, keep: jointMask(1 << UInt64(m.trailingZeroBitCount), slot: s.slot))) }
            return .text("unknown")
        case .truth(let t):
            switch t {
            case .t: return .text("true")
            case .f: return .text("false")
            case .u: return .text("unknown")
            case .split(let s): return .split(s)
            }
        case .num(let iv, let src, let hint):
            if iv.isPoint { return .text(program.format(.number(iv.lo), type: program.slotType(slot))) }
            if let h = hint { return .split(h) }
            _ = src
            return .text(Regions.describeInterval(program.slotName(slot), iv, full: .all, type: program.slotType(slot), unit: nil))
        case .unknown: return .text("unknown")
        case .set(let i, _, _, let hint):
            if let h = hint { return .split(h) }
            return .text(program.format(.set(i), type: program.slotType(slot)))
        case .other(let v): return .text(program.format(v, type: program.slotType(slot)))
        }
    }
}
