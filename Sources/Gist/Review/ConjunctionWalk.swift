/// Questions about a conjunction of bool diagrams inside a band box, answered by walking the
/// diagrams together without building their conjunction: is it satisfiable, where, and on
/// how many cells. The review's covers ask these thousands of times; building each
/// conjunction as a diagram would fill the store with nodes nobody needs again.
extension DiagramStore {
    /// Bands allowed per variable: one bit per band (numbers may have more than 64 bands, so
    /// a plain array of flags per variable).
    public typealias BandSet = [[Bool]]

    /// Every band of every variable.
    public func allBands() -> BandSet { bandCount.map { [Bool](repeating: true, count: $0) } }

    /// A cell inside `allowed` where every diagram in `all` is `yes`, as one band per
    /// variable, or nil when there is none.
    public func witness(_ all: [Int], within allowed: BandSet) -> [Int]? {
        if all.count <= 2 { return witness(all.first ?? yes, all.count == 2 ? all[1] : yes, within: allowed) }
        var failed = Set<[Int]>()
        var chosen = allowed.map { $0.firstIndex(of: true) ?? 0 }
        func go(_ ids: [Int]) -> Bool {
            if ids.contains(no) || ids.contains(unknown) { return false }
            var l = Int.max
            for id in ids where id >= 0 { l = min(l, nodeLevel[id]) }
            if l == Int.max { return ids.allSatisfy { $0 == yes } }
            if failed.contains(ids) { return false }
            let v = order[l]
            for b in 0..<width[l] where allowed[v][b] {
                if go(ids.map { child($0, l, b) }) { chosen[v] = b; return true }
            }
            failed.insert(ids)
            return false
        }
        let roots = all.isEmpty ? [yes] : all
        guard allowed.allSatisfy({ $0.isEmpty || $0.contains(true) }), go(roots) else { return nil }
        return chosen
    }

    /// Two diagrams' states as one key (the walks below memoise on it).
    struct Pair: Hashable {
        let x: Int, y: Int
    }

    /// `witness` of two diagrams, without an array per step: the covers ask this most (a
    /// term's derived conditions and the function's complement), so it is worth its own walk.
    func witness(_ x: Int, _ y: Int, within allowed: BandSet) -> [Int]? {
        var failed = Set<Pair>()
        var chosen = allowed.map { $0.firstIndex(of: true) ?? 0 }
        func go(_ x: Int, _ y: Int) -> Bool {
            if x == no || y == no || x == unknown || y == unknown { return false }
            let l = min(level(x), level(y))
            if l == Int.max { return x == yes && y == yes }
            if failed.contains(Pair(x: x, y: y)) { return false }
            let v = order[l]
            for b in 0..<width[l] where allowed[v][b] {
                if go(child(x, l, b), child(y, l, b)) { chosen[v] = b; return true }
            }
            failed.insert(Pair(x: x, y: y))
            return false
        }
        guard allowed.allSatisfy({ $0.isEmpty || $0.contains(true) }), go(x, y) else { return nil }
        return chosen
    }

    /// Whether some cell inside `allowed` makes every diagram in `all` `yes`.
    public func satisfiable(_ all: [Int], within allowed: BandSet) -> Bool {
        witness(all, within: allowed) != nil
    }

    /// How many cells inside `allowed` make every diagram in `all` `yes`.
    public func count(_ all: [Int], within allowed: BandSet) -> Double {
        let levels = order.count
        let skipped = skippedCells(allowed)
        if all.count <= 2 { return count(all.first ?? yes, all.count == 2 ? all[1] : yes, within: allowed) }
        var memo: [[Int]: Double] = [:]
        // Cells from the ids' own level to the last level.
        func go(_ ids: [Int]) -> (level: Int, cells: Double) {
            if ids.contains(no) || ids.contains(unknown) { return (levels, 0) }
            var l = Int.max
            for id in ids where id >= 0 { l = min(l, nodeLevel[id]) }
            if l == Int.max { return (levels, ids.allSatisfy { $0 == yes } ? 1 : 0) }
            if let m = memo[ids] { return (l, m) }
            let v = order[l]
            var total = 0.0
            for b in 0..<width[l] where allowed[v][b] {
                let (cl, c) = go(ids.map { child($0, l, b) })
                if c > 0 { total += c * skipped(l + 1, cl) }
            }
            memo[ids] = total
            return (l, total)
        }
        let (l, c) = go(all.isEmpty ? [yes] : all)
        return c * skipped(0, l)
    }

    /// The cells of the levels a step of a walk skips, from one level up to another
    /// (variables none of the diagrams test there), inside `allowed`.
    func skippedCells(_ allowed: BandSet) -> (Int, Int) -> Double {
        let perLevel = order.map { Double(allowed[$0].filter { $0 }.count) }
        return { from, to in
            var n = 1.0
            for l in from..<max(from, to) { n *= perLevel[l] }
            return n
        }
    }

    /// `count` of two diagrams, without an array per step (as `witness` above).
    func count(_ x: Int, _ y: Int, within allowed: BandSet) -> Double {
        let levels = order.count
        let skipped = skippedCells(allowed)
        var memo: [Pair: Double] = [:]
        func go(_ x: Int, _ y: Int) -> (level: Int, cells: Double) {
            if x == no || y == no || x == unknown || y == unknown { return (levels, 0) }
            let l = min(level(x), level(y))
            if l == Int.max { return (levels, x == yes && y == yes ? 1 : 0) }
            if let m = memo[Pair(x: x, y: y)] { return (l, m) }
            let v = order[l]
            var total = 0.0
            for b in 0..<width[l] where allowed[v][b] {
                let (cl, c) = go(child(x, l, b), child(y, l, b))
                if c > 0 { total += c * skipped(l + 1, cl) }
            }
            memo[Pair(x: x, y: y)] = total
            return (l, total)
        }
        let (l, c) = go(x, y)
        return c * skipped(0, l)
    }

    /// The value a diagram takes at one cell (one band per variable).
    public func evaluate(_ root: Int, at bands: [Int]) -> Term? {
        var id = root
        while id >= 0 { id = child(id, nodeLevel[id], bands[order[nodeLevel[id]]]) }
        return term(id)
    }

    /// A bool diagram: whether variable `v` lies in one of the allowed bands.
    public func literal(_ v: Int, _ allowed: [Bool]) -> Int {
        test(v) { allowed[$0] ? yes : no }
    }
}
