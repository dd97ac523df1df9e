import Foundation
import Gist
import Testing
@testable import GistIO

/// The streaming readers give exactly what the whole-file readers give, whatever the chunk
/// size; the fast line binder and the byte encoder agree with `CaseBinder` and `ReportWriter`;
/// the pipeline keeps input order.
@Suite struct StreamingTests {
    /// Every record of a file through `RecordStream`.
    func streamed(_ path: String, chunkSize: Int) throws(RecordFileError) -> [Result<RawRecord, RecordError>] {
        let stream = try RecordStream(path: path, displayPath: "f", chunkSize: chunkSize)
        var out: [Result<RawRecord, RecordError>] = []
        while let r = try stream.next() { out.append(r) }
        return out
    }

    func whole(_ path: String) throws(RecordFileError) -> [Result<RawRecord, RecordError>] {
        try RecordReader.read(path: path, displayPath: "f")
    }

    /// Records or the file error, for comparing the two readers.
    func outcome(_ body: () throws(RecordFileError) -> [Result<RawRecord, RecordError>]) -> String {
        do {
            return try body().map { r -> String in
                switch r {
                case .success(let rec): return "\(rec.location) \(rec.fields.map { "\($0.name)=\($0.value)" })"
                case .failure(let e): return "error \(e)"
                }
            }.joined(separator: "\n")
        } catch {
            return "file error \(error)"
        }
    }

    static let jsonlTexts: [String] = [
        "{\"id\": \"a\", \"x\": 1}\n\n{\"id\": \"b\"}\n   \t\n{\"id\": \"c\", \"n\": {\"z\": 1}}",
        "\u{FEFF}{\"a\": 1}\r\n{\"a\": 2}\r\n",
        "{\"a\": 1}\n{bad\n[1, 2]\n\"text\"\n{\"a\": \"é ü 漢字\"}\n",
        "",
        "\n\n\n",
        "{\"a\": 1} {\"a\": 2}\n{\"a\": 3}",
        "{\"long\": \"" + String(repeating: "x", count: 3000) + "\"}\n{\"b\": 2}\n",
    ]

    @Test(arguments: 0..<7)
    func jsonLinesStreamLikeTheWholeFile(_ k: Int) throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("t.jsonl", Self.jsonlTexts[k])
        let expected = outcome { () throws(RecordFileError) in try whole(path) }
        for size in [1, 2, 7, 64, 1 << 20] {
            #expect(outcome { () throws(RecordFileError) in try streamed(path, chunkSize: size) } == expected, "chunk size \(size)")
        }
    }

    /// Reading the whole file refuses it; streaming rejects only the lines that are not UTF-8.
    @Test func invalidUTF8CostsTheLineWhenStreaming() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("t.jsonl", bytes: Array("{\"a\": 1}\n{\"a\": \"é".utf8) + [0xC3, 0x28] + Array("\"}\n{\"a\": 3}\n".utf8))
        #expect(fileError { try whole(path) }?.message == "not valid UTF-8 text")
        for size in [1, 8, 1 << 20] {
            let records = try streamed(path, chunkSize: size)
            #expect(records.count == 3)
            #expect(records[0].record?["a"] == .number(1))
            #expect(records[1].error == RecordError(location: RecordLocation(file: "f", record: 2, line: 2),
                                                    message: "not valid UTF-8 at column 9 (byte 0xC3)"))
            #expect(records[2].record?["a"] == .number(3))
        }
        // Binary data (most lines not UTF-8) is not taken line by line: the file is unreadable.
        let binary = try dir.write("b.jsonl", bytes: Array("{}\n".utf8) + [0xFF, 0x0A, 0xFE, 0x0A])
        #expect(fileError { try streamed(binary, chunkSize: 1 << 20) }?.message == "not valid UTF-8 text")
        // CSV rows may span lines: there a bad byte still makes the file unreadable.
        let csv = try dir.write("t.csv", bytes: Array("a,b\n1,".utf8) + [0xFF] + Array("\n".utf8))
        #expect(fileError { try streamed(csv, chunkSize: 1 << 20) }?.message == "not valid UTF-8 text")
    }

    @Test func firstInvalidUTF8ByteIsFound() {
        func first(_ bytes: [UInt8]) -> Int? { bytes.withUnsafeBufferPointer { JSONLineRecord.firstInvalidUTF8($0) } }
        #expect(first(Array("plain é 漢 😀".utf8)) == nil)
        #expect(first([0x41, 0xC0, 0x80]) == 1)         // overlong
        #expect(first([0xED, 0xA0, 0x80]) == 0)         // surrogate
        #expect(first([0x41, 0x42, 0xE2, 0x82]) == 2)   // cut short
        #expect(first([0xF4, 0x90, 0x80, 0x80]) == 0)   // beyond U+10FFFF
        #expect(first([0xE2, 0x82, 0xAC, 0x80]) == 3)   // stray continuation
        for k in 0..<256 {
            let b: [UInt8] = [0x61, UInt8(k), 0x62]
            #expect((first(b) == nil) == (String(validating: b, as: UTF8.self) != nil), "byte \(k)")
        }
    }

    static let csvTexts: [String] = [
        " id , age,size , drugs,smoker\na,61, 4.5 ,imatinib;sunitinib,true\nb,,\"  3 cm \",,false\n",
        "id,note\n1,\"a, b\"\n2,\"line one\nline two\nline three\"\n3,\"say \"\"hi\"\"\"\n4,plain\n",
        "a,b,c\n1,2,3\n1,2,3,4,5\n1,2\n7,8,9\n",
        "\n\na,b\n\n1,2\n  \n,\n3,4\n",
        "a,b\r\n1,\"x\r\ny\"\r\n2,z\r\n",
        "name , age\n \"Smith, J\" , 42\n",
        "a,b,c\n",
        "a,b,c",
        "\u{FEFF}a,b\n1,2\n",
        "a,b\n\"x\" \"y\",2\nq\"uote,3\n\"open,4\n5,6\n",
        "a,b\n\u{00A0}\"quoted\u{00A0}\",1\n\u{3000}x\u{3000},2\n",
        "a,b\r1,2\r3,4\r",
        "",
        "  \n\r\n",
    ]

    @Test(arguments: 0..<14)
    func csvStreamsLikeTheWholeFile(_ k: Int) throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("t.csv", Self.csvTexts[k])
        let expected = outcome { () throws(RecordFileError) in try whole(path) }
        for size in [1, 3, 16, 1 << 20] {
            #expect(outcome { () throws(RecordFileError) in try streamed(path, chunkSize: size) } == expected, "chunk size \(size)")
        }
    }

    @Test func csvOfManyRowsInSmallChunks() throws {
        var text = "id,note,n\n"
        for i in 0..<500 {
            text += i % 7 == 0 ? "r\(i),\"multi\nline, \"\"quoted\"\"\",\(i)\n" : "r\(i), plain ,\(i)\r\n"
        }
        let dir = try TemporaryDirectory()
        let path = try dir.write("t.csv", text)
        let expected = outcome { () throws(RecordFileError) in try whole(path) }
        #expect(outcome { () throws(RecordFileError) in try streamed(path, chunkSize: 100) } == expected)
    }

    @Test func jsonAndYAMLAreReadWhole() throws {
        let dir = try TemporaryDirectory()
        let json = try dir.write("t.json", "[{\"a\": 1}, 2, {\"b\": [\"x\"]}]")
        let yaml = try dir.write("t.yaml", "- a: 1\n- b: [x]\n")
        for path in [json, yaml] {
            #expect(outcome { () throws(RecordFileError) in try streamed(path, chunkSize: 4) }
                    == outcome { () throws(RecordFileError) in try whole(path) })
        }
    }

    @Test func chunksEndAtLineBreaksAndCountLinesAndRecords() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("t.jsonl", "{\"a\":1}\n\n{\"a\":2}\n{\"a\":3}\n  \n{\"a\":4}")
        let reader = try LineChunkReader(path: path, chunkSize: 9)
        var lines: [(Int, Int)] = []
        while let chunk = try reader.next() {
            #expect(chunk.bytes.last == UInt8(ascii: "\n") || chunk.bytes.last == UInt8(ascii: "}"))
            for l in ChunkLines(chunk) where l.record > 0 { lines.append((l.line, l.record)) }
        }
        #expect(lines.map(\.0) == [1, 3, 4, 6])
        #expect(lines.map(\.1) == [1, 2, 3, 4])
    }

    // MARK: fast binding

    static let guideline = """
    guideline "Streaming" {
      version "1"
      source  "Test"
    }
    enum drug = a | b | c
    input size: length in cm where 0 cm < size <= 100 cm
    input n: count where n <= 50
    input x: number
    input flag: bool = false
    input site: stomach | colon
    input tried: set of drug = {}
    input dose: dose in mg/day = 400 mg/day
    recommendation r: recommend "R." cite "S"
    recommendation q: option "Q." cite "S"
    pathway {
      when size > 2 cm and flag { recommend r }
      when n > 3 or a in tried { recommend q }
      when site == colon and x < 1 and dose > 300 mg/day { recommend r, q }
    }
    """

    static func program() throws -> Program {
        let (p, diags) = Checker.compile(SourceFile(name: "s.gist", text: guideline))
        #expect(diags.filter { $0.severity == .error }.isEmpty, "\(diags.map { $0.rendered() })")
        return try #require(p)
    }

    /// What the general path gives for a line: the bound inputs and id, or nil if rejected.
    static func general(_ line: String, _ binder: CaseBinder) -> (inputs: [Value], id: String)? {
        let bytes = Array(line.utf8)
        guard case .success(let record) = JSONLineRecord.parse(bytes, 0..<bytes.count, line: 1, record: 1, file: "f"),
              case .success(let bound) = binder.bind(record) else { return nil }
        return (bound.inputs, bound.id)
    }

    /// What the fast path gives, or nil when it declines.
    static func fast(_ line: String, _ lineBinder: JSONLineBinder) -> (inputs: [Value], id: String)? {
        var hint = JSONLineBinder.Hint()
        return fast(line, lineBinder, &hint)
    }

    /// With a hint kept across lines (the field-order guess of a batch run).
    static func fast(_ line: String, _ lineBinder: JSONLineBinder, _ hint: inout JSONLineBinder.Hint) -> (inputs: [Value], id: String)? {
        let bytes = Array(line.utf8)
        let values = UnsafeMutablePointer<PackedValue>.allocate(capacity: max(lineBinder.inputCount, 1))
        defer { values.deallocate() }
        return bytes.withUnsafeBufferPointer { b -> (inputs: [Value], id: String)? in
            guard let id = lineBinder.bind(b, into: values, hint: &hint) else { return nil }
            let inputs = (0..<lineBinder.inputCount).map { values[$0].value }
            switch id {
            case .none: return (inputs, "f#1")
            case .text(let s): return (inputs, s)
            case .bytes(let r): return (inputs, String(decoding: bytes[r], as: UTF8.self))
            }
        }
    }

    static let lines: [String] = [
        #"{"id": "a", "size": 4.5, "n": 3, "x": -1.25e2, "flag": true, "site": "colon", "tried": ["a", "c"], "dose": 0.5}"#,
        #"{"size": 0.1, "n": 0, "x": 0, "flag": false, "site": "stomach", "tried": [], "dose": null}"#,
        #"{}"#,
        #"  {"id": 12, "n": 50}  "#,
        #"{"id": 12.5, "n": 5}"#,
        #"{"id": "", "n": 5}"#,
        #"{"id": " \t", "n": 5}"#,
        #"{"id": "x\"y", "n": 5}"#,
        #"{"id": "é", "n": 5}"#,
        #"{"size": "45 mm"}"#,
        #"{"size": 0}"#,
        #"{"size": 100}"#,
        #"{"size": 100.0000001}"#,
        #"{"n": 2.5}"#,
        #"{"n": -1}"#,
        #"{"n": 51}"#,
        #"{"n": "3"}"#,
        #"{"n": 1e1}"#,
        #"{"n": 1E+1, "x": 1e-300}"#,
        #"{"x": 123456789012345678901234567890}"#,
        #"{"x": 0.1, "size": 0.7}"#,
        #"{"x": -0}"#,
        #"{"x": 01}"#,
        #"{"x": 1.}"#,
        #"{"x": .5}"#,
        #"{"flag": "yes"}"#,
        #"{"site": " colon"}"#,
        #"{"site": "Colon"}"#,
        #"{"tried": "a;b"}"#,
        #"{"tried": ["a", "a", "b"]}"#,
        #"{"tried": ["d"]}"#,
        #"{"tried": [1]}"#,
        #"{"nope": 1}"#,
        #"{"n": 1, "n": 2}"#,
        #"{"n": 1,}"#,
        #"{"n": 1} x"#,
        #"[1]"#,
        #"{"n": 1"#,
        #"{"d\u0069ose": 1}"#,
        #"{"dose": 500}"#,
        #"{"x": 1e400}"#,
        #"{"x": null, "size": null, "tried": null, "site": null}"#,
        "{\"n\":\t3\r}",
    ]

    @Test func fastBindingAgreesWithTheGeneralPath() throws {
        let p = try Self.program()
        let binder = CaseBinder(program: p), lineBinder = JSONLineBinder(program: p)
        var fastCount = 0
        for line in Self.lines {
            let general = Self.general(line, binder)
            guard let fast = Self.fast(line, lineBinder) else { continue }
            fastCount += 1
            #expect(general?.inputs == fast.inputs, "\(line)")
            #expect(general?.id == fast.id, "\(line)")
        }
        #expect(fastCount >= 12)
    }

    /// Random edits of valid lines: whatever the fast path accepts, the general path accepts
    /// with the same values.
    @Test func fastBindingAgreesOnMutatedLines() throws {
        let p = try Self.program()
        let binder = CaseBinder(program: p), lineBinder = JSONLineBinder(program: p)
        var state: UInt64 = 42
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let alphabet = Array("{}[],:\"0123456789.eE+- abcnulltruefalsesizeflagtried\\".utf8)
        var accepted = 0
        var hint = JSONLineBinder.Hint()
        for _ in 0..<20_000 {
            var bytes = Array(Self.lines[next(3)].utf8)
            for _ in 0..<(1 + next(3)) where !bytes.isEmpty {
                let i = next(bytes.count)
                switch next(3) {
                case 0: bytes[i] = alphabet[next(alphabet.count)]
                case 1: bytes.remove(at: i)
                default: bytes.insert(alphabet[next(alphabet.count)], at: i)
                }
            }
            let line = String(decoding: bytes, as: UTF8.self)
            let withHint = Self.fast(line, lineBinder, &hint)
            #expect(withHint?.inputs == Self.fast(line, lineBinder)?.inputs, "\(line)")
            guard let fast = withHint else { continue }
            accepted += 1
            let general = Self.general(line, binder)
            #expect(general?.inputs == fast.inputs, "\(line)")
            #expect(general?.id == fast.id, "\(line)")
        }
        #expect(accepted > 100)
    }

    // MARK: encoding

    @Test func encoderWritesWhatReportWriterWrites() throws {
        let p = try Self.program()
        let evaluator = Evaluator(program: p)
        let compiled = try #require(evaluator.compiled)
        let machine = CompiledMachine(compiled)
        let encoder = ReportEncoder(program: p)
        let binder = CaseBinder(program: p)
        for (k, line) in Self.lines.enumerated() {
            guard let g = Self.general(line, binder) else { continue }
            #expect(machine.load(g.inputs))
            machine.run()
            var out: [UInt8] = []
            encoder.appendJSON(id: .text(g.id), machine, to: &out)
            let report = evaluator.report(id: g.id, inputs: g.inputs)
            #expect(String(decoding: out, as: UTF8.self) == ReportWriter.jsonObject(report), "line \(k)")
            let o = encoder.outcome(machine)
            #expect(o.recommended == evaluator.evaluate(g.inputs).recommended)
        }
        // An id given as raw line bytes is written as they are.
        #expect(machine.load(evaluator.withDefaults([])))
        machine.run()
        var raw: [UInt8] = []
        Array("P-é 1".utf8).withUnsafeBufferPointer { encoder.appendJSON(id: .raw($0), machine, to: &raw) }
        let report = evaluator.report(id: "P-é 1", inputs: evaluator.withDefaults([]))
        #expect(String(decoding: raw, as: UTF8.self) == ReportWriter.jsonObject(report))
        #expect(report.undetermined.count > 0)
    }

    // MARK: pipeline

    @Test(arguments: [1, 2, 4])
    func pipelineKeepsInputOrder(_ jobs: Int) {
        let pipeline = OrderedPipeline<Int, [Int]>(jobs: jobs, maxInFlight: 3)
        var next = 0
        var seen: [Int] = []
        pipeline.run(produce: {
            guard next < 200 else { return nil }
            next += 1
            return next - 1
        }, work: { _, n in
            // Uneven work, so results finish out of order.
            var x = 0
            for i in 0..<((n % 5) * 20_000) { x &+= i }
            return [n, x & 0]
        }, consume: { seen.append($0[0] + $0[1]) })
        #expect(seen == Array(0..<200))
    }
}
