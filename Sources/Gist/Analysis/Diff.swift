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
        /// What is removed and added, as one string: regions that differ only in `shown`
        /// values are the same kind of change.
        public var kind: String { removed.map(\.description).joined(separator: ",") + "|" + added.map(\.description).joined(separator: ",") }
    }

    public struct Region: Sendable {
        public let box: Box
        public let conditions: [String]
        public let change: Change
        public let cells: Double
        /// The conditions as one conjunction (`any case` when there are none).
        public let text: String

        init(box: Box, conditions: [String], change: Change, cells: Double) {
            self.box = box
            self.conditions = conditions
            self.change = change
            self.cells = cells
            self.text = conditions.isEmpty ? "any case" : conditions.joined(separator: " ∧ ")
        }
    }

    public let space: Space
    /// The diagrams, kept to find witness cases.
    let store: DiagramStore
    public let regions: [Region]
    /// Differences in the guidelines' declarations: inputs, enums, units, texts, citations.
    public let declarationChanges: [String]
    public let totalCells: Double
    public let changedCells: Double
    public let boxesExamined: Int
    /// True when the bound on boxes was reached: the result is incomplete.
    public let exceeded: Bool
    /// The size the diagrams stopped at when `exceeded` ("10 decision-diagram nodes").
    public let sizeReached: String
    /// True when some condition left the analysable fragment.
    public let approximate: Bool
    /// When approximate: the conditions it could not decide that differ between the revisions,
    /// with the codes they govern.
    public let undecided: [UndecidedCondition]
    /// Where the time went, phase by phase (for `--stats` and the benchmarks).
    public let phases: [(name: String, seconds: Double)]

    /// `only`: compare just these codes (all when empty).
    public init(old: Program, new: Program, show: [String] = [], only: [String] = [], nodeLimit: Int = 4_000_000) {
        let space = Space([old, new])
        self.space = space
        let clock = ContinuousClock()
        var lapStart = clock.now
        var phases: [(name: String, seconds: Double)] = []
        func lap(_ name: String) {
            let now = clock.now
            let d = (now - lapStart).components
            phases.append((name, Double(d.seconds) + Double(d.attoseconds) * 1e-18))
            lapStart = now
        }
        let store = DiagramStore(space: space, order: space.analysisOrder())
        store.nodeLimit = nodeLimit
        let da = DiagramCompiler.compile(store: store, program: 0)
        let db = DiagramCompiler.compile(store: store, program: 1)

        // Per code, the change between the revisions as labels; then all codes together.
        var codes: [String] = old.recommendations.map(\.code)
        for r in new.recommendations where !codes.contains(r.code) { codes.append(r.code) }
        if !only.isEmpty { codes = codes.filter(only.contains) }
        let none = store.terminal(.status(0))
        let union = store.newOp()
        var acc = store.terminal(.labels([]))
        for code in codes {
            let ia = old.recommendation(code: code), ib = new.recommendation(code: code)
            let sa = ia.map { da.status[$0] } ?? none, sb = ib.map { db.status[$0] } ?? none
            let strengthA = ia.map { old.recommendations[$0].strength.rawValue } ?? "", strengthB = ib.map { new.recommendations[$0].strength.rawValue } ?? ""
            if sa == sb && strengthA == strengthB { continue }
            func status(_ s: UInt8, _ strength: String) -> String? { s == 0 ? nil : s == 2 ? strength : "undetermined" }
            let pair = store.apply(sa, sb, op: store.newOp()) { x, y in
                guard case .status(let p) = x, case .status(let q) = y else { return .labels([]) }
                let before = status(p, strengthA), after = status(q, strengthB)
                if before == after { return .labels([]) }
                var l: [String] = []
                if let before { l.append("-\t\(code)\t\(before)") }
                if let after { l.append("+\t\(code)\t\(after)") }
                return .labels(l)
            }
            acc = store.apply(acc, pair, op: union) { x, y in
                guard case .labels(let p) = x, case .labels(let q) = y else { return x }
                return .labels((p + q).sorted())
            }
        }
        // Values asked for with --show, where something changes.
        for name in show {
            let va = GuidelineDiff.valueDiagram(name, old, da, store, program: 0)
            let vb = GuidelineDiff.valueDiagram(name, new, db, store, program: 1)
            acc = store.apply3(acc, va, vb, op: store.newOp()) { l, x, y in
                guard case .labels(let p) = l, !p.isEmpty else { return l }
                let fx = GuidelineDiff.show(x, old, name), fy = GuidelineDiff.show(y, new, name)
                return .labels((p + ["=\t" + (fx == fy ? "\(name) = \(fx)" : "\(name): \(fx) → \(fy)")]).sorted())
            }
        }
        // Each distinct leaf is one change; regions are merged per leaf.
        var changed: [(cube: DiagramStore.Cube, key: Int)] = []
        var changes: [Int: (change: Change, kind: String)] = [:]
        lap("diagrams")
        let leaves = store.coverLeaves(acc, empty: .labels([]))
        lap("cubes")
        for (cube, leaf) in leaves {
            if changes[leaf] == nil {
                guard case .labels(let labels) = store.term(leaf) else { continue }
                var removed: [Item] = [], added: [Item] = [], shown: [String] = []
                for l in labels {
                    let parts = l.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                    if parts.first == "=", parts.count == 2 { shown.append(parts[1]) }
                    else if parts.count == 3 {
                        let item = Item(code: parts[1], status: parts[2])
                        if parts[0] == "-" { removed.append(item) } else { added.append(item) }
                    }
                }
                let change = Change(removed: removed.sorted(), added: added.sorted(), shown: shown)
                changes[leaf] = (change, change.kind)
            }
            changed.append((cube, leaf))
        }
        // Deterministic order: by the kind of change, then by the region's text (compared as
        // UTF-8 bytes: the order of Unicode scalars, as `String` compares normalised text).
        let kinds = Set(changes.values.map(\.kind)).sorted()
        let rank = Dictionary(uniqueKeysWithValues: kinds.enumerated().map { ($0.element, $0.offset) })
        var keys: [(Int, [UInt8])] = []
        let unordered = store.describedRegions(changed).compactMap { r -> Region? in
            guard let (change, kind) = changes[r.key] else { return nil }
            let region = Region(box: r.box, conditions: r.conditions, change: change, cells: r.cells)
            keys.append((rank[kind] ?? 0, Array(region.text.utf8)))
            return region
        }
        lap("merging")
        let regions = unordered.indices.sorted { a, b in
            keys[a].0 != keys[b].0 ? keys[a].0 < keys[b].0 : keys[a].1.lexicographicallyPrecedes(keys[b].1)
        }.map { unordered[$0] }
        lap("ordering")
        self.phases = phases
        self.store = store
        self.regions = regions
        self.totalCells = space.cellCount(space.fullBox)
        self.changedCells = regions.reduce(0) { $0 + $1.cells }
        self.boxesExamined = store.nodeCount
        self.exceeded = store.exceeded
        self.sizeReached = store.sizeReached
        self.approximate = store.approximate
        self.undecided = UndecidedCondition.changed(da, db)
        self.declarationChanges = GuidelineDiff.declarations(old, new)
    }

    /// A case of the new revision in `region`, as a script `case` statement, shown only once
    /// evaluating it puts it in the region (atoms included); nil if none was confirmed.
    public func witness(_ region: Region) -> String? {
        guard let values = store.verifiedWitness(region.box, programIndex: 1) else { return nil }
        return Findings.caseText("witness", values, space.programs[1])
    }

    /// The region (index) a complete case of the new guideline lies in, if any.
    public func region(ofNewCase values: [Value]) -> Int? {
        regions.firstIndex { Regions.evaluatedInside($0.box, values: values, space: space, programIndex: 1) }
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
            if (mx.isEmpty) != (my.isEmpty) || (x.type == .bool) != (y.type == .bool) {
                out.append("input \(x.name): type \(tx) → \(ty) (compared as two inputs, \(x.name) (old) and \(x.name) (new))")
            } else if !mx.isEmpty || !my.isEmpty {
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
            if x.evidence != y.evidence {
                out.append("code \(x.code): evidence \(x.evidence.isEmpty ? "none" : x.evidence.text) → \(y.evidence.isEmpty ? "none" : y.evidence.text)")
            }
        }
        return out + reasonChanges(a, b)
    }

    static func rangeText(_ i: InputInfo, _ p: Program) -> String {
        let f = { (x: Rational) in p.format(.number(x), type: i.type, unit: i.unit) }
        var parts: [String] = []
        if let lo = i.lower { parts.append("\(lo.inclusive ? ">=" : ">") \(f(lo.value))") }
        if let hi = i.upper { parts.append("\(hi.inclusive ? "<=" : "<") \(f(hi.value))") }
        return parts.isEmpty ? "any" : parts.joined(separator: ", ")
    }
}

extension GuidelineDiff {
    /// The diagram of a named input or derived value of one program (unknown if absent).
    static func valueDiagram(_ name: String, _ p: Program, _ d: CompiledDiagrams, _ store: DiagramStore, program: Int) -> Int {
        guard let slot = p.slot(named: name) else { return store.terminal(.labels(["—"])) }
        if slot >= p.inputs.count { return d.derived[slot - p.inputs.count] ?? store.unknown }
        var c = DiagramCompiler(store: store, program: program)
        if case .diagram(let x) = c.compileSlot(slot) { return x }
        return store.unknown
    }

    static func show(_ t: DiagramStore.Term, _ p: Program, _ name: String) -> String {
        guard case .value(let v) = t else { return "—" }
        guard let slot = p.slot(named: name) else { return "—" }
        return p.formatSlot(slot, v)
    }
}

