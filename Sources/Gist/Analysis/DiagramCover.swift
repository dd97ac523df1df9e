/// Reading regions off a diagram: disjoint cubes covering where it is true (or reaches a
/// leaf), and single witness points.
extension DiagramStore {
    /// A cube: for the variables it constrains, the bands it allows (others are free). For an
    /// enum, bool or set-member variable a set of values as bits; for a numeric variable one
    /// run of adjacent bands, packed as `first << 32 | last` (a number may have more than 64
    /// bands, and a region of it is always a run).
    public typealias Cube = [(v: Int, bands: UInt64)]

    static func run(_ first: Int, _ last: Int) -> UInt64 { UInt64(first) << 32 | UInt64(last) }
    static func runBounds(_ w: UInt64) -> (first: Int, last: Int) { (Int(w >> 32), Int(w & 0xFFFF_FFFF)) }

    func isNumeric(_ v: Int) -> Bool {
        if case .interval = space.vars[v].full { return true }
        return false
    }

    /// The constraint words for a set of bands of `v` (ascending): one mask, or one run per
    /// stretch of adjacent bands.
    func words(_ v: Int, _ bandIndices: [Int]) -> [UInt64] {
        guard isNumeric(v) else { return [bandIndices.reduce(UInt64(0)) { $0 | 1 << UInt64($1) }] }
        var out: [UInt64] = []
        var k = 0
        while k < bandIndices.count {
            var j = k
            while j + 1 < bandIndices.count, bandIndices[j + 1] == bandIndices[j] + 1 { j += 1 }
            out.append(DiagramStore.run(bandIndices[k], bandIndices[j]))
            k = j + 1
        }
        return out
    }

    /// The word that leaves `v` unconstrained.
    func fullWord(_ v: Int) -> UInt64 {
        let n = bandCount[v]
        if isNumeric(v) { return n == 0 ? DiagramStore.run(1, 0) : DiagramStore.run(0, n - 1) }
        return n >= 64 ? ~0 : (1 << UInt64(n)) - 1
    }

    /// The children of node `id` grouped by target, in order of first appearance, skipping
    /// `skip`, each with the band indices that lead there.
    func groups(_ id: Int, skip: (Int) -> Bool) -> (targets: [Int], bands: [[Int]]) {
        var targets: [Int] = [], bands: [[Int]] = []
        for (i, c) in children(id).enumerated() where !skip(c) {
            if let k = targets.firstIndex(of: c) { bands[k].append(i) } else { targets.append(c); bands.append([i]) }
        }
        return (targets, bands)
    }

    /// Cubes built by prefixing: each entry constrains one variable and points at the rest of
    /// its cube, so a prefix shared by many cubes is stored once.
    struct CubeArena {
        var v: [Int] = [], word: [UInt64] = [], tail: [Int] = [], term: [Int] = []
        mutating func add(_ v: Int, _ w: UInt64, tail: Int, term: Int) -> Int {
            self.v.append(v); word.append(w); self.tail.append(tail); self.term.append(term)
            return self.v.count - 1
        }
        func cube(_ e: Int) -> Cube {
            var out: Cube = []
            var i = e
            while i >= 0 {
                if v[i] >= 0 { out.append((v[i], word[i])) }
                i = tail[i]
            }
            return out
        }
    }

    /// Disjoint cubes whose union is where a bool diagram is true (unknown counts as not true).
    public func cover(_ f: Int) -> [Cube] {
        let certain = map(f, op: opCertain) { .value(.bool(DiagramStore.truth($0) == .yes)) }
        return coverLeaves(certain, empty: .value(.bool(false))).map(\.cube)
    }

    /// Disjoint cubes, each with its leaf (a terminal id), covering where a diagram reaches a
    /// leaf other than `empty`. At each node, the part where every non-empty branch agrees on a
    /// leaf is emitted once without constraining the node's variable, and only the rest per
    /// branch — so regions that do not depend on a variable are not cut by it. Memoised per
    /// node, so shared sub-diagrams are covered once.
    public func coverLeaves(_ f: Int, empty: Term) -> [(cube: Cube, term: Int)] {
        let f = possible(f, empty: empty)
        let emptyId = terminal(empty)
        let mixed = terminal(.labels(["\u{0}mixed"]))
        let opAgree = newOp(), opRest = newOp()
        var arena = CubeArena()
        var memo: [Int: [Int]] = [:]
        func go(_ f: Int) -> [Int] {
            if f == emptyId || f == mixed { return [] }
            if f < 0 { return [arena.add(-1, 0, tail: -1, term: f)] }
            if let m = memo[f] { return m }
            let v = variable(f)
            let (targets, bands) = groups(f) { $0 == emptyId }
            var out: [Int] = []
            var agree = mixed
            if targets.count > 1 {
                agree = targets[0]
                for g in targets.dropFirst() {
                    agree = combine(agree, g, op: opAgree) { x, y in
                        if x == y { return x }
                        if x == mixed || y == mixed || (x < 0 && y < 0) { return mixed }
                        return nil
                    }
                    if agree == mixed { break }
                }
                if agree == emptyId { agree = mixed }
            }
            if agree != mixed {
                let all = words(v, bands.flatMap { $0 }.sorted())
                for e in go(agree) { for w in all { out.append(arena.add(v, w, tail: e, term: arena.term[e])) } }
            }
            for (k, g) in targets.enumerated() {
                let rest = agree == mixed ? g : combine(g, agree, op: opRest) { x, y in
                    if y == mixed { return x }
                    if x < 0 && y < 0 { return x == y ? emptyId : x }
                    return nil
                }
                let ws = words(v, bands[k])
                for e in go(rest) { for w in ws { out.append(arena.add(v, w, tail: e, term: arena.term[e])) } }
            }
            memo[f] = out
            return out
        }
        return go(f).map { (arena.cube($0), arena.term[$0]) }
    }

    /// One path to a leaf accepted by `keep` (a witness), or nil.
    public func anyBox(_ root: Int, keep: (Term) -> Bool) -> Box? {
        let root = possible(root, empty: .labels(["\u{0}impossible"]))
        var chosen: Cube = []
        var failed = Set<Int>()
        func visit(_ id: Int) -> Bool {
            if let t = term(id) { return keep(t) }
            if failed.contains(id) { return false }
            let v = variable(id)
            for (i, c) in children(id).enumerated() {
                chosen.append((v, isNumeric(v) ? DiagramStore.run(i, i) : 1 << UInt64(i)))
                if visit(c) { return true }
                chosen.removeLast()
            }
            failed.insert(id)
            return false
        }
        guard visit(root) else { return nil }
        return box(bandBox(chosen))
    }

    /// The bands a band box allows, per variable (the form the conjunction walks take).
    func bandSet(_ words: [UInt64]) -> BandSet {
        words.enumerated().map { v, w in
            guard isNumeric(v) else { return (0..<bandCount[v]).map { w & (1 << UInt64($0)) != 0 } }
            let (first, last) = DiagramStore.runBounds(w)
            return (0..<bandCount[v]).map { first <= $0 && $0 <= last }
        }
    }

    /// A cube as words for every variable.
    func bandBox(_ cube: Cube) -> [UInt64] {
        var words = space.vars.indices.map(fullWord)
        for (v, w) in cube { words[v] = w }
        return words
    }

    /// A band box as a box of intervals and value sets.
    func box(_ words: [UInt64]) -> Box {
        var domains: [Domain] = []
        domains.reserveCapacity(words.count)
        for (v, w) in words.enumerated() {
            if isNumeric(v) {
                let (first, last) = DiagramStore.runBounds(w)
                if first > last || last >= bandCount[v] { domains.append(.interval(Interval(lo: 1, loOpen: true, hi: 0, hiOpen: true))); continue }
                let a = bands[v][first], b = bands[v][last]
                domains.append(.interval(Interval(lo: a.lo, loOpen: a.loOpen, hi: b.hi, hiOpen: b.hiOpen)))
            } else {
                domains.append(.mask(w))
            }
        }
        return Box(domains: domains)
    }

    /// How many elementary cells a band box covers.
    func cellCount(_ words: [UInt64]) -> Double {
        var n = 1.0
        for (v, w) in words.enumerated() {
            if isNumeric(v) {
                let (first, last) = DiagramStore.runBounds(w)
                n *= Double(max(0, last - first + 1))
            } else {
                n *= Double(w.nonzeroBitCount)
            }
        }
        return n
    }
}
