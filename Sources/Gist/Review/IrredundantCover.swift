/// A short exact description of where a bool diagram is true: a few overlapping terms (an
/// irredundant sum of products), each a conjunction of conditions on inputs or on the
/// guidelines' own derived values.
///
/// Built as a greedy prime cover: take a point where the function is true and not yet
/// covered, grow the term of that point as far as it stays inside the function (drop
/// conditions, then widen ranges and value sets), keep the larger of the term grown with
/// derived values and the one grown with inputs only, and repeat; finally drop every term the
/// others cover. Every term lies inside the function and the terms together cover it, so the
/// result is exact whatever the choices; the choices only decide how short it is.

/// A derived value the review may write conditions with: per value, where it holds.
public struct CoverWord: Sendable {
    public let name: String
    public let values: [String]
    /// Per value: a bool diagram, `yes` where the derived value equals it.
    public let diagrams: [Int]
    /// Bool values are written `name` / `not name`.
    public let isBool: Bool
}

/// One condition of a term: an input variable within some of its bands, or a derived value
/// (index into the words) within some of its values.
public struct CoverLiteral: Hashable, Sendable {
    public enum Subject: Hashable, Sendable {
        case variable(Int)
        case word(Int)
    }
    public let subject: Subject
    public let allowed: [Bool]
}

public typealias CoverTerm = [CoverLiteral]

public final class CoverBuilder {
    let store: DiagramStore
    public let words: [CoverWord]
    var wordDiagram: [CoverLiteral: Int] = [:]
    var supportCache: [Int: Set<Int>] = [:]
    var conjunctions: [[CoverLiteral]: Int] = [:]

    public init(store: DiagramStore, words: [CoverWord]) {
        self.store = store
        self.words = words
    }

    /// The terms of an irredundant cover of where `f` is `yes`.
    public func cover(_ f: Int) -> [CoverTerm] {
        if f == store.no { return [] }
        let notF = store.not(f)
        var terms: [CoverTerm] = []
        var uncovered = f
        let all = store.allBands()
        while let point = store.witness([uncovered], within: all) {
            // Grown four ways (with derived values or inputs only; conditions dropped first to
            // last or last to first); the one covering most of what is left wins, ties going
            // to the earlier (derived values read as the guideline does).
            // On a tie, a term without values marked (old)/(new) reads more plainly.
            var best: CoverTerm = []
            var bestScore = (-1.0, Int.min)
            for derived in [true, false] {
                for reversed in [false, true] {
                    let t = grow(point, f: f, notF: notF, derived: derived, reversed: reversed)
                    let score = (store.count(diagrams(t) + [uncovered], within: bands(t)), -marked(t))
                    if score > bestScore { best = t; bestScore = score }
                }
            }
            terms.append(best)
            uncovered = store.and(uncovered, store.not(diagram(best)))
            if store.exceeded { return terms }
        }
        return irredundant(terms, f)
    }

    /// Drops, last first, each term the others already cover.
    func irredundant(_ terms: [CoverTerm], _ f: Int) -> [CoverTerm] {
        var kept = terms
        var k = kept.count - 1
        while k >= 0, kept.count > 1 {
            var others = store.no
            for (j, t) in kept.enumerated() where j != k { others = store.or(others, diagram(t)) }
            if store.and(f, store.not(others)) == store.no { kept.remove(at: k) }
            k -= 1
        }
        return kept
    }

    /// The term of `point`, grown while it stays inside `f`.
    func grow(_ point: [Int], f: Int, notF: Int, derived: Bool, reversed: Bool) -> CoverTerm {
        var term: CoverTerm = []
        for (v, n) in store.bandCount.enumerated() where n > 1 {
            term.append(CoverLiteral(subject: .variable(v), allowed: (0..<n).map { $0 == point[v] }))
        }
        let fSupport = support(f)
        if derived {
            // Only values computed from inputs the function depends on can describe it.
            for (w, word) in words.enumerated() where !support(word.diagrams).isDisjoint(with: fSupport) {
                guard let k = word.diagrams.firstIndex(where: { store.evaluate($0, at: point) == .value(.bool(true)) }) else { continue }
                term.append(CoverLiteral(subject: .word(w), allowed: word.values.indices.map { $0 == k }))
            }
        }
        if reversed { term.reverse() }
        func inside(_ t: CoverTerm) -> Bool { !store.satisfiable(diagrams(t) + [notF], within: bands(t)) }
        // Inputs first (so derived values stay and say what the inputs meant), then derived values.
        for pass in 0..<2 {
            var i = 0
            while i < term.count {
                let isWord: Bool
                if case .word = term[i].subject { isWord = true } else { isWord = false }
                if isWord != (pass == 1) { i += 1; continue }
                var without = term
                without.remove(at: i)
                if case .variable(let v) = term[i].subject, !fSupport.contains(v),
                   !without.contains(where: { if case .word(let w) = $0.subject { return support(words[w].diagrams).contains(v) } else { return false } }) {
                    term = without
                } else if inside(without) {
                    term = without
                } else {
                    i += 1
                }
            }
        }
        // Then widen what is left: runs of bands outwards, value sets by one value at a time.
        for i in term.indices {
            var allowed = term[i].allowed
            let numeric: Bool
            if case .variable(let v) = term[i].subject { numeric = store.isNumeric(v) } else { numeric = false }
            func tryAllow(_ k: Int) -> Bool {
                var t = term
                var a = allowed
                a[k] = true
                t[i] = CoverLiteral(subject: t[i].subject, allowed: a)
                if inside(t) { allowed = a; term = t; return true }
                return false
            }
            if numeric {
                guard let lo = allowed.firstIndex(of: true), let hi = allowed.lastIndex(of: true) else { continue }
                var k = lo - 1
                while k >= 0, tryAllow(k) { k -= 1 }
                k = hi + 1
                while k < allowed.count, tryAllow(k) { k += 1 }
            } else {
                for k in allowed.indices where !allowed[k] { _ = tryAllow(k) }
            }
        }
        // An input allowed every band says nothing; a derived value allowed every value still
        // says that it is known (a table with gaps or overlaps may have no value).
        return term.filter { l in
            if case .word = l.subject { return true }
            return l.allowed.contains(false)
        }
    }

    /// How many conditions of a term are on a value one revision computes differently.
    func marked(_ t: CoverTerm) -> Int {
        t.filter { l in
            guard case .word(let w) = l.subject else { return false }
            return words[w].name.hasSuffix(" (old)") || words[w].name.hasSuffix(" (new)")
        }.count
    }

    /// The variables a diagram (or any of several) tests.
    func support(_ ids: [Int]) -> Set<Int> {
        var out = Set<Int>()
        for id in ids { out.formUnion(support(id)) }
        return out
    }

    func support(_ root: Int) -> Set<Int> {
        if let s = supportCache[root] { return s }
        var seen = Set<Int>(), out = Set<Int>()
        var stack = [root]
        while let x = stack.popLast() {
            guard x >= 0, seen.insert(x).inserted else { continue }
            out.insert(store.variable(x))
            stack.append(contentsOf: store.children(x))
        }
        supportCache[root] = out
        return out
    }

    /// The bands a term's input conditions allow.
    public func bands(_ t: CoverTerm) -> DiagramStore.BandSet {
        var b = store.allBands()
        for l in t { if case .variable(let v) = l.subject { b[v] = l.allowed } }
        return b
    }

    /// The term's conditions on derived values as one diagram (a list, for the walks): one
    /// conjunction rather than one diagram each keeps the walks' states small.
    public func diagrams(_ t: CoverTerm) -> [Int] {
        let lits = t.filter { if case .word = $0.subject { return true } else { return false } }
        if lits.isEmpty { return [] }
        if let d = conjunctions[lits] { return [d] }
        let d = lits.reduce(store.yes) { store.and($0, diagram(of: $1)) }
        conjunctions[lits] = d
        return [d]
    }

    /// A condition as a bool diagram.
    public func diagram(of l: CoverLiteral) -> Int {
        if let d = wordDiagram[l] { return d }
        let d: Int
        switch l.subject {
        case .variable(let v): d = store.literal(v, l.allowed)
        case .word(let w):
            var x = store.no
            for (k, on) in l.allowed.enumerated() where on { x = store.or(x, words[w].diagrams[k]) }
            d = x
        }
        wordDiagram[l] = d
        return d
    }

    /// A term as a bool diagram.
    public func diagram(_ t: CoverTerm) -> Int {
        t.reduce(store.yes) { store.and($0, diagram(of: $1)) }
    }
}
