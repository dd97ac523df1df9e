// libFuzzer target: arbitrary bytes as case records.
//
// The same bytes are read as JSON, JSON Lines, YAML and CSV (what `gist run` does with a file of
// each extension, after its UTF-8 check), and every record read is bound to a guideline with
// inputs of each type (lengths and durations with ranges, counts, numbers, booleans, enums, sets,
// defaults) and evaluated. The bytes are also written to a file and streamed as `gist run` does
// (JSON Lines and CSV in small chunks, so records cross chunk boundaries), and every JSON Lines
// line goes through the fast binder. Two oracles: streamed records equal the whole-file reader's
// (for UTF-8 text), and whatever the fast binder accepts, `CaseBinder` binds to the same values.
// A crash, a sanitizer report, a timeout or a disagreement fails.
import Foundation
import Gist
import GistIO

let guidelineText = """
guideline "Fuzz" {
  version "1"
  date    "2024-01-01"
  source  "Fuzz"
}
enum drug = alpha | beta | gamma
input size: length in cm where 0 cm < size <= 50 cm
input mitoses: count where mitoses <= 1000
input weeks: duration in weeks where 0 weeks <= weeks < 520 weeks
input dose: dose in mg/day
input ratio: number
input spread: localized | metastatic
input symptomatic: bool = false
input failed: set of drug = {}
let big = size > 5 cm or mitoses > 5
recommendation watch: option "Watch." cite "A"
recommendation cut: recommend "Cut." cite "B"
recommendation drug: consider "Drug." cite "C"
pathway {
  when spread == localized and not symptomatic {
    first {
      when big { recommend cut }
      otherwise { recommend watch }
    }
  }
  when spread == metastatic and alpha not in failed and weeks < 12 weeks and dose > 100 mg/day and ratio > 0.5 {
    recommend drug
  }
}
"""

let program: Program? = Checker.compile(SourceFile(name: "fuzz.gist", text: guidelineText)).program
let lineBinder = program.map { JSONLineBinder(program: $0) }

/// A folder for the streamed files (memory-backed where there is one).
let folder: String = {
    let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let path = base + "/gist-fuzz-\(getpid())"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}()

func describe(_ r: Result<RawRecord, RecordError>) -> String {
    switch r {
    case .success(let record): return "record \(record.location): \(record.fields.map { "\($0.name)=\($0.value)" })"
    case .failure(let e): return "error \(e)"
    }
}

/// Streams a file as `gist run` does; the records, or the file error that ended the stream.
func streamed(_ path: String, chunkSize: Int) -> ([Result<RawRecord, RecordError>], RecordFileError?) {
    var out: [Result<RawRecord, RecordError>] = []
    do {
        let stream = try RecordStream(path: path, displayPath: "fuzz", chunkSize: chunkSize)
        while let r = try stream.next() { out.append(r) }
        return (out, nil)
    } catch {
        return (out, error)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRecords(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let program else {
        // The embedded guideline must compile; stop loudly if it no longer does.
        let diagnostics = Checker.compile(SourceFile(name: "fuzz.gist", text: guidelineText)).diagnostics
        fatalError("the embedded guideline must compile:\n" + diagnostics.map { $0.rendered() }.joined())
    }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    // Files go through a strict UTF-8 check (a byte-order mark removed); text that fails it is
    // refused as a whole. Read the repaired text too, so the readers see every byte pattern.
    let text = String(validating: bytes, as: UTF8.self) ?? String(decoding: bytes, as: UTF8.self)
    let binder = CaseBinder(program: program)
    let evaluator = Evaluator(program: program)
    var sink = 0
    for format in [RecordFormat.json, .jsonl, .yaml, .csv] {
        let results: [Result<RawRecord, RecordError>]
        do {
            results = try RecordReader.read(text: text, format: format, file: "fuzz")
        } catch {
            sink &+= error.message.utf8.count
            continue
        }
        for result in results {
            switch result {
            case .failure(let e): sink &+= e.description.utf8.count
            case .success(let record):
                switch binder.bind(record) {
                case .failure(let errors): for e in errors.errors { sink &+= e.description.utf8.count }
                case .success(let bound):
                    let report = evaluator.report(id: bound.id, location: bound.location, inputs: bound.inputs, explain: true)
                    sink &+= report.recommendations.count + report.undetermined.count
                }
            }
        }
    }

    // Streaming, with chunks as small as one byte.
    let chunkSize = 1 + Int(bytes.first ?? 0) % 64
    for format in [RecordFormat.jsonl, .csv] {
        let path = folder + "/records." + format.rawValue
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { continue }
        let (stream, streamError) = streamed(path, chunkSize: chunkSize)
        for r in stream { if case .success(let record) = r { _ = binder.bind(record) } }
        // The whole-file reader on the same text: the same records, the same errors.
        if let text = String(validating: bytes, as: UTF8.self), !text.hasPrefix("\u{FEFF}") {
            let whole: [Result<RawRecord, RecordError>]
            do { whole = try RecordReader.read(text: text, format: format, file: "fuzz") } catch {
                if streamError == nil, stream.allSatisfy({ if case .failure = $0 { return true } else { return false } }) == false {
                    fatalError("\(format): the whole-file reader refuses the file (\(error)), the stream read \(stream.map(describe))")
                }
                continue
            }
            if streamError == nil, whole.map(describe) != stream.map(describe) {
                fatalError("\(format) streamed with chunks of \(chunkSize) bytes differs from the whole-file reader:\n"
                           + "stream: \(stream.map(describe))\nwhole:  \(whole.map(describe))")
            }
        }
    }

    // The fast JSON Lines binder agrees with CaseBinder on every line it accepts.
    if let lineBinder {
        var values = [PackedValue](repeating: .unknown, count: lineBinder.inputCount)
        let all = Array(bytes)
        var start = 0, lineNumber = 1
        while start <= all.count {
            let end = all[start...].firstIndex(of: UInt8(ascii: "\n")) ?? all.count
            let id = all.withUnsafeBufferPointer { buffer -> JSONLineBinder.ID? in
                guard let base = buffer.baseAddress else { return nil }
                return values.withUnsafeMutableBufferPointer { v in
                    guard let vb = v.baseAddress else { return nil }
                    return lineBinder.bind(UnsafeBufferPointer(start: base + start, count: end - start), into: vb)
                }
            }
            if let id {
                let parsed = JSONLineRecord.parse(all, start..<end, line: lineNumber, record: lineNumber, file: "fuzz")
                guard case .success(let record) = parsed, case .success(let bound) = binder.bind(record) else {
                    fatalError("line \(lineNumber): the fast binder accepts \(String(decoding: all[start..<end], as: UTF8.self).debugDescription), the general path rejects it: \(describe(parsed))")
                }
                let fastID: String
                switch id {
                case .none: fastID = "fuzz#\(lineNumber)"
                case .bytes(let r): fastID = String(decoding: all[(start + r.lowerBound)..<(start + r.upperBound)], as: UTF8.self)
                case .text(let t): fastID = t
                }
                let same = bound.inputs.count == values.count && zip(bound.inputs, values).allSatisfy { v, p in
                    PackedValue(v).map { PackedValue.same($0, p) } ?? false
                }
                if !same || fastID != bound.id {
                    fatalError("line \(lineNumber): the fast binder gives \(fastID) \(values.map(\.value)), CaseBinder \(bound.id) \(bound.inputs) for \(String(decoding: all[start..<end], as: UTF8.self).debugDescription)")
                }
            }
            start = end + 1
            lineNumber += 1
        }
    }
    return sink == -1 ? 1 : 0
}
