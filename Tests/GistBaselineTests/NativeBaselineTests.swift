import Foundation
import GistTestSupport
import Gist
import GistBaseline
import GistIO
import Testing

/// The hand-written native baseline (benchmarks/Sources/GistBaseline) makes the same decisions
/// as the interpreter on guidelines/acs-2017.gist: recommended codes, undetermined codes and
/// the inputs they need.
@Suite struct NativeBaselineTests {
    static let root = Repository.root

    static func acs() throws -> Program {
        let c = Repository.compile("guidelines/acs-2017.gist")
        let (p, diags) = (c.program, c.diagnostics)
        #expect(diags.filter { $0.severity == .error }.isEmpty)
        return try #require(p)
    }

    @Test func recordLayoutMatchesTheGuideline() throws {
        let p = try Self.acs()
        #expect(p.inputs.map(\.name) == ACSRecord.inputNames)
        #expect(p.recommendations.map(\.code) == ACSRecord.codes)
    }

    func compare(_ p: Program, records: Int, seed: UInt64, missingPercent: Int) throws -> (undetermined: Int, mismatches: Int) {
        let binder = CaseBinder(program: p)
        let ev = Evaluator(program: p)
        var gen = ACSGenerator(seed: seed, missingPercent: missingPercent)
        var undetermined = 0, mismatches = 0
        for n in 0..<records {
            let record = gen.next(id: n)
            guard case .success(let bound) = binder.bind(record.rawRecord(number: n + 1)) else {
                Issue.record("record \(n) rejected: \(record.jsonLine)")
                mismatches += 1
                continue
            }
            let gist = ev.evaluate(bound.inputs)
            let native = ACSNative.evaluate(record)
            var nativeRecommended: [Int] = [], nativeUndetermined: [Int] = [], nativeNeeds: [[Int]] = []
            for c in 0..<ACSRecord.codes.count {
                if native.recommended & (1 << UInt32(c)) != 0 { nativeRecommended.append(c) }
                if native.undetermined & (1 << UInt32(c)) != 0 {
                    nativeUndetermined.append(c)
                    nativeNeeds.append((0..<22).filter { native.needs(c) & (1 << UInt32($0)) != 0 })
                }
            }
            if !gist.undetermined.isEmpty { undetermined += 1 }
            let same = gist.recommended == nativeRecommended && gist.undetermined.map(\.code) == nativeUndetermined
                && gist.undetermined.map(\.needs) == nativeNeeds
            if !same {
                mismatches += 1
                if mismatches <= 3 {
                    Issue.record("""
                        record \(n): \(record.jsonLine)
                        gist:   \(gist.recommended) undetermined \(gist.undetermined.map { "\($0.code) needs \($0.needs)" })
                        native: \(nativeRecommended) undetermined \(zip(nativeUndetermined, nativeNeeds).map { "\($0) needs \($1)" })
                        """)
                }
            }
        }
        return (undetermined, mismatches)
    }

    /// The issue's check: 100,000 random records, some with unknown inputs.
    @Test func nativeEqualsInterpreterOn100kRandomRecords() throws {
        let p = try Self.acs()
        let r = try compare(p, records: 100_000, seed: 42, missingPercent: 8)
        #expect(r.mismatches == 0)
        // Unknowns are exercised, not just complete records.
        #expect(r.undetermined > 5_000)
    }

    /// Complete records (nothing missing) as well: the common case of the benchmark.
    @Test func nativeEqualsInterpreterOnCompleteRecords() throws {
        let p = try Self.acs()
        #expect(try compare(p, records: 20_000, seed: 7, missingPercent: 0).mismatches == 0)
    }

    @Test func generatorIsSeeded() {
        var a = ACSGenerator(seed: 1), b = ACSGenerator(seed: 1), c = ACSGenerator(seed: 2)
        let xs = (0..<50).map { a.next(id: $0).jsonLine }
        #expect(xs == (0..<50).map { b.next(id: $0).jsonLine })
        #expect(xs != (0..<50).map { c.next(id: $0).jsonLine })
    }

    /// Generated lines are valid records of the exchange schema.
    @Test func generatedLinesBind() throws {
        let p = try Self.acs()
        let binder = CaseBinder(program: p)
        var gen = ACSGenerator(seed: 3)
        for n in 0..<500 {
            let line = gen.next(id: n).jsonLine
            let value = try RawValue(json: line)
            guard case .object(let members) = value else {
                Issue.record("not an object: \(line)")
                continue
            }
            let record = RawRecord(fields: members.map { (name: $0.0, value: $0.1) }, location: RecordLocation(file: "g", record: n + 1))
            if case .failure(let e) = binder.bind(record) { Issue.record("\(line): \(e.errors)") }
        }
    }
}
