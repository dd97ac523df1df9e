import Foundation
import Gist
import GistBaseline
import GistIO

// The benchmark driver behind benchmarks/run. Subcommands:
//
//   gist-bench generate  --count N [--seed S] [--format jsonl|csv] --out PATH
//   gist-bench eval      [--guideline PATH] [--count N] [--seed S] [--seconds T]
//   gist-bench json      --input PATH [--count N]
//   gist-bench guideline --lines N --out PATH
//   gist-bench table     [--rows N] [--count N] [--seconds T]
//
// Figures go to standard output, one `key: value` per line, for benchmarks/run to collect.

struct Options {
    var values: [String: String] = [:]
    init(_ args: ArraySlice<String>) {
        var it = args.makeIterator()
        while let a = it.next() {
            if a.hasPrefix("--") { values[String(a.dropFirst(2))] = it.next() ?? "" }
        }
    }
    func int(_ k: String, _ d: Int) -> Int { values[k].flatMap { Int($0.replacingOccurrences(of: "_", with: "")) } ?? d }
    func double(_ k: String, _ d: Double) -> Double { values[k].flatMap(Double.init) ?? d }
    func string(_ k: String, _ d: String) -> String { values[k] ?? d }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("gist-bench: \(message)\n".utf8))
    exit(2)
}

func loadProgram(_ path: String) -> Program {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { fail("cannot read \(path)") }
    // Modules the guideline uses are read beside it, as `gist run` reads them.
    let c = Compilation(SourceFile(name: path, text: text), read: { try String(contentsOfFile: $0, encoding: .utf8) })
    guard let p = c.program else { fail("\(path) has errors:\n" + c.diagnostics.map { $0.rendered() }.joined()) }
    return p
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// Runs `body` (which processes `perRound` items) repeatedly for at least `minimum` seconds,
/// and returns the best per-item time of the rounds in nanoseconds.
func measure(perRound: Int, minimum: Double, _ body: () -> Void) -> Double {
    body()  // warm up
    var best = Double.infinity
    var total = 0.0
    var rounds = 0
    while total < minimum || rounds < 3 {
        let clock = ContinuousClock()
        let t = seconds(clock.measure(body))
        best = min(best, t)
        total += t
        rounds += 1
    }
    return best / Double(perRound) * 1e9
}

// MARK: generate

func generate(_ o: Options) {
    let count = o.int("count", 1_000_000)
    var gen = ACSGenerator(seed: UInt64(o.int("seed", 2017)))
    let format = o.string("format", "jsonl")
    let path = o.string("out", "")
    guard !path.isEmpty else { fail("generate needs --out") }
    guard FileManager.default.createFile(atPath: path, contents: nil), let h = FileHandle(forWritingAtPath: path) else {
        fail("cannot write \(path)")
    }
    var buffer = ""
    if format == "csv" { buffer = ACSRecord.csvHeader + "\n" }
    for n in 1...max(count, 1) where count > 0 {
        let r = gen.next(id: n)
        buffer += format == "csv" ? r.csvLine : r.jsonLine
        buffer += "\n"
        if buffer.utf8.count > 1 << 20 {
            h.write(Data(buffer.utf8))
            buffer = ""
        }
    }
    h.write(Data(buffer.utf8))
    try? h.close()
}

// MARK: eval

func evalBench(_ o: Options) {
    let program = loadProgram(o.string("guideline", "guidelines/acs-2017.gist"))
    let count = o.int("count", 100_000)
    let minimum = o.double("seconds", 1)
    var gen = ACSGenerator(seed: UInt64(o.int("seed", 1)))
    let binder = CaseBinder(program: program)
    let evaluator = Evaluator(program: program)
    guard let compiled = evaluator.compiled else { fail("the guideline has no compiled form") }
    let n = program.inputs.count

    var records: [ACSRecord] = []
    var inputs: [[Value]] = []
    var packed: [PackedValue] = []
    records.reserveCapacity(count)
    packed.reserveCapacity(count * n)
    for i in 0..<count {
        let r = gen.next(id: i)
        guard case .success(let bound) = binder.bind(r.rawRecord(number: i + 1)) else { fail("generated record rejected") }
        records.append(r)
        inputs.append(bound.inputs)
        for v in bound.inputs { packed.append(PackedValue(v) ?? .unknown) }
    }

    var sink: UInt64 = 0
    func runAll(_ machine: CompiledMachine, _ base: UnsafePointer<PackedValue>) -> UInt64 {
        var acc: UInt64 = 0
        for i in 0..<count {
            machine.setInputs(from: base + i * n)
            machine.run()
            acc &+= machine.recommendedBits &+ machine.undeterminedBits
        }
        return acc
    }
    // The register code alone (no decision tree).
    let bytecode = CompiledMachine(compiled)
    let bytecodeNs = packed.withUnsafeBufferPointer { buf -> Double in
        guard let base = buf.baseAddress else { return 0 }
        return measure(perRound: count, minimum: minimum) { sink &+= runAll(bytecode, base) }
    }
    if o.string("only", "") == "bytecode" {
        print(String(format: "eval gist register code only ns/case: %.1f", bytecodeNs))
        return
    }
    // A batch machine: learns its decision tree on the first pass (timed alone: "cold"), then
    // answers from it ("warm").
    let machine = CompiledMachine(compiled, decisionTree: true)
    var coldNs = 0.0
    let gistNs = packed.withUnsafeBufferPointer { buf -> Double in
        guard let base = buf.baseAddress else { return 0 }
        let clock = ContinuousClock()
        coldNs = seconds(clock.measure { sink &+= runAll(machine, base) }) / Double(count) * 1e9
        return measure(perRound: count, minimum: minimum) { sink &+= runAll(machine, base) }
    }
    let stats = machine.decisionTreeStats
    if o.string("only", "") == "gist" {
        print(String(format: "eval gist compiled ns/case: %.1f (register code %.1f)", gistNs, bytecodeNs))
        return
    }
    let nativeNs = records.withUnsafeBufferPointer { buf -> Double in
        measure(perRound: count, minimum: minimum) {
            var acc: UInt64 = 0
            for i in 0..<count {
                let r = ACSNative.evaluate(buf[i])
                acc &+= UInt64(r.recommended) &+ UInt64(r.undetermined)
            }
            sink &+= acc
        }
    }
    let treeCount = min(count, 20_000)
    let treeNs = measure(perRound: treeCount, minimum: minimum / 2) {
        var acc = 0
        for i in 0..<treeCount { acc &+= evaluator.treeEvaluate(inputs[i]).recommended.count }
        sink &+= UInt64(acc)
    }
    let publicNs = measure(perRound: treeCount, minimum: minimum / 2) {
        var acc = 0
        for i in 0..<treeCount { acc &+= evaluator.evaluate(inputs[i]).recommended.count }
        sink &+= UInt64(acc)
    }
    print(String(format: "eval gist compiled ns/case: %.1f", gistNs))
    print(String(format: "eval gist first pass (learning the tree) ns/case: %.1f", coldNs))
    print(String(format: "eval gist register code only ns/case: %.1f", bytecodeNs))
    print("eval decision tree nodes: \(stats.nodes), cases answered by the tree: \(stats.hits), evaluated: \(stats.misses)")
    print(String(format: "eval native ns/case: %.1f", nativeNs))
    print(String(format: "eval ratio gist/native: %.2f", gistNs / nativeNs))
    print(String(format: "eval tree evaluator ns/case: %.1f", treeNs))
    print(String(format: "eval Evaluator.evaluate ns/case: %.1f", publicNs))
    print("eval cases: \(count)")
    let compileNs = measure(perRound: 100, minimum: 0.3) { for _ in 0..<100 { sink &+= UInt64(CompiledProgram(program)?.instructionCount ?? 0) } }
    print(String(format: "eval compile the program: %.0f µs", compileNs / 1000))
    if sink == 42 { print("") }
}

// MARK: json

/// Reading JSON Lines records: the hand-written parser (RawValue), Foundation's
/// JSONSerialization, the general path of `gist run` (parser + CaseBinder) and its fast path
/// (JSONLineBinder straight to packed values).
func jsonBench(_ o: Options) {
    let program = loadProgram(o.string("guideline", "guidelines/acs-2017.gist"))
    let count = o.int("count", 100_000)
    let minimum = o.double("seconds", 1)
    var gen = ACSGenerator(seed: UInt64(o.int("seed", 3)))
    let lines: [[UInt8]] = (0..<count).map { Array(gen.next(id: $0).jsonLine.utf8) }
    let strings = lines.map { String(decoding: $0, as: UTF8.self) }
    let datas = lines.map { Data($0) }
    let bytes = lines.reduce(0) { $0 + $1.count + 1 }
    var sink = 0
    let handWritten = measure(perRound: count, minimum: minimum) {
        for s in strings { if case .object(let m)? = try? RawValue(json: s) { sink &+= m.count } }
    }
    let foundation = measure(perRound: count, minimum: minimum) {
        for d in datas { if let m = (try? JSONSerialization.jsonObject(with: d)) as? [String: Any] { sink &+= m.count } }
    }
    let binder = CaseBinder(program: program)
    let general = measure(perRound: count, minimum: minimum) {
        for (k, l) in lines.enumerated() {
            if case .success(let r) = JSONLineRecord.parse(l, 0..<l.count, line: k + 1, record: k + 1, file: "f"),
               case .success(let c) = binder.bind(r) {
                sink &+= c.inputs.count
            }
        }
    }
    let lineBinder = JSONLineBinder(program: program)
    let values = UnsafeMutablePointer<PackedValue>.allocate(capacity: max(program.inputs.count, 1))
    var hint = JSONLineBinder.Hint()
    var fastCount = 0
    let fast = measure(perRound: count, minimum: minimum) {
        fastCount = 0
        for l in lines {
            l.withUnsafeBufferPointer { b in if lineBinder.bind(b, into: values, hint: &hint) != nil { fastCount += 1 } }
        }
    }
    values.deallocate()
    let mb = Double(bytes) / Double(count)  // bytes per record
    func row(_ name: String, _ ns: Double) {
        print(String(format: "json %@: %.0f ns/record, %.0f MB/s", name, ns, mb / ns * 1e3))
    }
    row("hand-written parser to RawValue", handWritten)
    row("Foundation JSONSerialization", foundation)
    row("parser + CaseBinder (general path)", general)
    row("JSONLineBinder (fast path)", fast)
    print("json fast path took \(fastCount) of \(count) records; \(Int(mb)) bytes per record")
    if sink == 42 { print("") }
}

// MARK: guideline

/// A large, valid guideline of independent modules (inputs, a let, a decision table, four
/// recommendations, a block of the pathway each), about `lines` lines long.
func guidelineText(lines: Int) -> String {
    var decls = """
    # Generated by gist-bench for the `gist check` benchmark: independent modules, each with
    # inputs, a derived value, a decision table, recommendations and a part of the pathway.
    guideline "Generated benchmark guideline" {
      version "1"
      date    "2025-01-01"
      source  "gist-bench"
    }

    enum grade = g0 | g1 | g2 | g3
    enum level = low | medium | high

    recommendation review: recommend "Review the case at the tumour board." cite "General"

    """
    var pathway = "pathway {\n  recommend review\n"
    var k = 0
    func count(_ s: String) -> Int { s.reduce(0) { $1 == "\n" ? $0 + 1 : $0 } }
    while count(decls) + count(pathway) + 2 < lines {
        decls += """

        # Module \(k)
        # Greatest dimension of lesion \(k).
        input size_\(k): length in cm where 0 cm < size_\(k) <= 100 cm
        input grade_\(k): grade
        input flag_\(k): bool = false
        input count_\(k): count where count_\(k) <= 1000
        let big_\(k) = size_\(k) > 2 cm and count_\(k) <= 3
        table risk_\(k): level first {
          | size_\(k)     | count_\(k) |
          | <= 2 cm       | <= 5       | => low
          | (2 cm..5 cm]  | <= 5       | => medium
          | > 5 cm        | <= 5       | => high
          | any           | > 5        | => high
        }
        recommendation watch_\(k): option "Watch lesion \(k) with imaging." cite "Section \(k) / Surveillance"
        recommendation treat_\(k): recommend "Treat lesion \(k)." cite "Section \(k) / Treatment"
        recommendation refer_\(k): consider "Refer lesion \(k) to a specialist team." cite "Section \(k) / Referral"
        recommendation avoid_\(k): avoid "Do not operate on lesion \(k) now." cite "Section \(k) / Surgery"

        """
        pathway += """
          when flag_\(k) {
            first {
              when risk_\(k) == high { recommend treat_\(k) }
              when grade_\(k) == g2 and big_\(k) { recommend refer_\(k) }
              when grade_\(k) == g3 or (risk_\(k) == medium and grade_\(k) == g1) { recommend refer_\(k) }
              otherwise { recommend watch_\(k) }
            }
            when grade_\(k) == g0 and not big_\(k) { recommend avoid_\(k) }
          }

        """
        k += 1
    }
    return decls + "\n" + pathway + "}\n"
}

func guidelineCommand(_ o: Options) {
    let path = o.string("out", "")
    guard !path.isEmpty else { fail("guideline needs --out") }
    let text = guidelineText(lines: o.int("lines", 10_000))
    guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else { fail("cannot write \(path)") }
}

// MARK: table

/// A guideline whose decision is one `unique` table of about `rows` rows: a grid over two counts
/// (`a == i`, `b` in a band `[10j, 10j + 10)`), each row its own output band.
func tableGuideline(rows: Int) -> String {
    let side = max(1, Int(Double(rows).squareRoot()))
    var text = """
    guideline "Table benchmark" {
      version "1"
      source  "gist-bench"
    }
    enum level = low | high
    input a: count
    input b: count
    recommendation r: recommend "R." cite "S"

    table t: level unique {
      | a | b |

    """
    for i in 0..<side {
        for j in 0..<side {
            text += "  | == \(i) | [\(10 * j) .. \(10 * j + 10)) | => \((i + j) % 2 == 0 ? "low" : "high")\n"
        }
    }
    return text + "}\n\npathway {\n  when t == high { recommend r }\n}\n"
}

func tableBench(_ o: Options) {
    let rows = o.int("rows", 50_000)
    let text = tableGuideline(rows: rows)
    let (p, diags) = Checker.compile(SourceFile(name: "table.gist", text: text))
    guard let program = p else { fail("table guideline has errors:\n" + diags.prefix(5).map { $0.rendered() }.joined()) }
    let side = max(1, Int(Double(rows).squareRoot()))
    let count = o.int("count", 2_000)
    var rng = SystemRandomNumberGenerator()
    let cases: [[Value]] = (0..<count).map { _ in
        [.number(Rational(Int.random(in: 0..<side, using: &rng))), .number(Rational(Int.random(in: 0..<(10 * side), using: &rng)))]
    }
    guard let compiled = Evaluator(program: program).compiled else { fail("the table guideline does not compile") }
    let machine = CompiledMachine(compiled, decisionTree: false)
    var recommended = 0
    let ns = measure(perRound: count, minimum: o.double("seconds", 2)) {
        for c in cases {
            _ = machine.load(c)
            machine.run()
            if machine.recommendedBits != 0 { recommended += 1 }
        }
    }
    print("table rows: \(side * side)")
    print("table ns/case: \(Int(ns))")
    print("table cases recommended: \(recommended > 0)")
}

// MARK: main

let args = CommandLine.arguments
guard args.count >= 2 else { fail("usage: gist-bench generate|eval|json|guideline [options]") }
let options = Options(args.dropFirst(2))
switch args[1] {
case "generate": generate(options)
case "eval": evalBench(options)
case "guideline": guidelineCommand(options)
case "json": jsonBench(options)
case "table": tableBench(options)
default: fail("unknown subcommand \(args[1])")
}
