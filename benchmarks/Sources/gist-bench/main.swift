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
    let (p, diags) = Checker.compile(SourceFile(name: path, text: text))
    guard let p else { fail("\(path) has errors:\n" + diags.map { $0.rendered() }.joined()) }
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
    if sink == 42 { print("") }
}

// MARK: main

let args = CommandLine.arguments
guard args.count >= 2 else { fail("usage: gist-bench generate|eval|json|guideline [options]") }
let options = Options(args.dropFirst(2))
switch args[1] {
case "generate": generate(options)
case "eval": evalBench(options)
default: fail("unknown subcommand \(args[1])")
}
