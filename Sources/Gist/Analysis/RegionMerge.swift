/// Merging cubes into maximal regions. Boxes are merged as words per variable (see
/// `DiagramStore.Cube`): joining two boxes along a variable is an `or` of value sets, or two
/// runs of bands where one ends just before the other begins.
extension DiagramStore {
    /// Cubes with their keys, as boxes merged into maximal regions per key, with their cell
    /// counts. Keys keep the order in which they first appear.
    public func regions<K: Hashable>(_ cubes: [(cube: Cube, key: K)]) -> [(box: Box, key: K, cells: Double)] {
        mergeBandBoxes(cubes.map { (bandBox($0.cube), $0.key) }).map { (box(withoutImpliedAtoms($0.0)), $0.1, cellCount($0.0)) }
    }

    /// The constraints of merged regions as text, one per constrained variable; each distinct
    /// variable and band word is described once (the same ranges recur across thousands of
    /// regions of a diff).
    func describedRegions<K: Hashable>(_ cubes: [(cube: Cube, key: K)]) -> [(box: Box, key: K, cells: Double, conditions: [String])] {
        let full = space.vars.indices.map(fullWord)
        let fullBox = box(full)
        let fullText = space.vars.indices.map { Regions.constraint($0, fullBox.domains[$0], space: space) }
        var described: [BandPart: String?] = [:]
        return mergeBandBoxes(cubes.map { (bandBox($0.cube), $0.key) }).map { merged, key in
            let words = withoutImpliedAtoms(merged)
            let box = box(words)
            var conditions: [String] = []
            for (v, w) in words.enumerated() {
                let text: String?
                if w == full[v] { text = fullText[v] } else {
                    let part = BandPart(v: v, word: w)
                    if let known = described[part] { text = known } else {
                        text = Regions.constraint(v, box.domains[v], space: space)
                        described[part] = text
                    }
                }
                if let text { conditions.append(text) }
            }
            return (box, key, cellCount(merged), conditions)
        }
    }

    /// Cubes without keys, merged.
    public func regions(_ cubes: [Cube]) -> [Box] {
        regions(cubes.map { ($0, 0) }).map(\.box)
    }

    /// Merges boxes with equal keys that differ in one variable and join without a gap, until
    /// nothing merges. The result stays disjoint and covers exactly the same cells; as a set
    /// it does not depend on the input order (each pass over a variable joins whole classes
    /// of boxes equal in every other variable).
    func mergeBandBoxes<K: Hashable>(_ leaves: [([UInt64], K)]) -> [([UInt64], K)] {
        var groups: [K: [[UInt64]]] = [:]
        var order: [K] = []
        for (b, k) in leaves {
            if groups[k] == nil { order.append(k) }
            groups[k, default: []].append(b)
        }
        let numeric = space.vars.indices.map(isNumeric)
        func part(_ v: Int, _ w: UInt64) -> Int { Int(truncatingIfNeeded: mixBits(UInt64(v) &* 0x9E37_79B9_7F4A_7C15 ^ w)) }
        func total(_ b: [UInt64]) -> Int { b.enumerated().reduce(0) { $0 &+ part($1.offset, $1.element) } }
        var result: [([UInt64], K)] = []
        for k in order {
            guard var boxes = groups[k] else { continue }
            var hashes = boxes.map(total)
            var changed = true
            while changed {
                changed = false
                for v in space.vars.indices {
                    // Boxes that all agree on v cannot be joined along v: skip it cheaply.
                    if let first = boxes.first, boxes.allSatisfy({ $0[v] == first[v] }) { continue }
                    // Boxes equal in every other variable share this key (sorted together);
                    // runs of a key are then checked exactly, so hash collisions cannot join
                    // unequal boxes.
                    let keyed = boxes.indices.map { (hashes[$0] &- part(v, boxes[$0][v]), $0) }.sorted { $0 < $1 }
                    var removed = [Bool](repeating: false, count: boxes.count)
                    var added: [[UInt64]] = []
                    var start = 0
                    while start < keyed.count {
                        var end = start + 1
                        while end < keyed.count, keyed[end].0 == keyed[start].0 { end += 1 }
                        if end - start > 1 {
                            var classes: [[Int]] = []
                            for (_, i) in keyed[start..<end] {
                                if let c = classes.firstIndex(where: { equalExcept(boxes[$0[0]], boxes[i], v) }) { classes[c].append(i) }
                                else { classes.append([i]) }
                            }
                            for cls in classes where cls.count > 1 {
                                let joined = join(cls.map { boxes[$0] }, v, numeric: numeric[v])
                                if joined.count < cls.count {
                                    for i in cls { removed[i] = true }
                                    added += joined
                                    changed = true
                                }
                            }
                        }
                        start = end
                    }
                    if !added.isEmpty {
                        var nextBoxes: [[UInt64]] = [], nextHashes: [Int] = []
                        for i in boxes.indices where !removed[i] { nextBoxes.append(boxes[i]); nextHashes.append(hashes[i]) }
                        for b in added { nextBoxes.append(b); nextHashes.append(total(b)) }
                        boxes = nextBoxes
                        hashes = nextHashes
                    }
                }
            }
            for b in boxes { result.append((b, k)) }
        }
        return result
    }

    private func equalExcept(_ a: [UInt64], _ b: [UInt64], _ v: Int) -> Bool {
        for i in a.indices where i != v && a[i] != b[i] { return false }
        return true
    }

    /// Joins boxes that differ only in variable `v` where their words can be combined.
    private func join(_ boxes: [[UInt64]], _ v: Int, numeric: Bool) -> [[UInt64]] {
        guard var first = boxes.first else { return [] }
        if !numeric {
            first[v] = boxes.reduce(UInt64(0)) { $0 | $1[v] }
            return [first]
        }
        let sorted = boxes.sorted { $0[v] < $1[v] }   // runs are disjoint: by first band
        var out: [[UInt64]] = []
        for b in sorted {
            let (first, last) = DiagramStore.runBounds(b[v])
            if let prev = out.last {
                let (pf, pl) = DiagramStore.runBounds(prev[v])
                if pl + 1 == first {
                    out[out.count - 1][v] = DiagramStore.run(pf, last)
                    continue
                }
            }
            out.append(b)
        }
        return out
    }
}

/// One variable's word in a band box.
struct BandPart: Hashable {
    let v: Int
    let word: UInt64
}
