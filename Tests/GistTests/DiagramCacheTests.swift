import Testing
@testable import Gist

/// The diagram store's operation cache is bounded by the node limit (`--max-nodes`), and the
/// analyses' results do not depend on what it remembers.
@Suite struct DiagramCacheTests {
    @Test func theBoundFollowsTheNodeLimit() {
        #expect(OpCache.maxSlots(forNodeLimit: 1) == 1 << 12)
        #expect(OpCache.maxSlots(forNodeLimit: 5000) == 1 << 13)
        #expect(OpCache.maxSlots(forNodeLimit: 4_000_000) == 1 << 22)
    }

    @Test func aFullCacheIsEmptiedNotGrown() {
        var cache = OpCache(slots: 16, maxSlots: 64)
        for k in 1...1000 { cache.insert(k, k, k + 1, 0, k) }
        #expect(cache.capacity == 64)
        #expect(cache.clears > 0)
        // The latest entries are still found, with their values.
        #expect(cache.find(1000, 1000, 1001, 0) == 1000)
        #expect(cache.find(999, 999, 1000, 0) == 999)
    }

    /// A guideline's diagrams under a node limit so small that the cache is emptied many times
    /// give the same statuses as with the default limit.
    @Test func resultsDoNotDependOnTheCache() throws {
        let p = try program(guideline("""
            input size: length in cm
            input n: count
            input k: a | b | c
            table t: bool first {
              | size   | n    | k      |
              | > 2 cm | > 5  | any    | => true
              | > 5 cm | any  | {a, b} | => true
              | any    | > 10 | c      | => true
              | any    | any  | any    | => false
            }
            """, pathway: "when t and size < 8 cm { recommend r }"))
        func statuses(_ limit: Int) -> (DiagramStore, CompiledDiagrams) {
            let space = Space([p])
            let store = DiagramStore(space: space, order: space.analysisOrder())
            store.nodeLimit = limit
            store.memo = OpCache(slots: 16, maxSlots: 16)
            return (store, DiagramCompiler.compile(store: store, program: 0))
        }
        let (small, a) = statuses(100_000)
        let reference = ConformanceTests.Diagrams(p)
        #expect(!small.exceeded)
        #expect(small.memo.capacity == 16)
        #expect(small.memo.clears > 0)
        var rng = GenRandom(seed: 5)
        for _ in 0..<200 {
            let values: [Value] = [.number(Rational(rng.int(0...120))), .number(Rational(rng.int(0...15))), .member(rng.int(3))]
            for code in p.recommendations.indices {
                #expect(small.term(a.status[code], at: values, programIndex: 0)
                        == reference.store.term(reference.compiled.status[code], at: values, programIndex: 0))
            }
        }
    }
}
