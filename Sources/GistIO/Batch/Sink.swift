import Foundation
import Gist

/// Writes the cases' output in order, adding what the format needs around them: a JSON array's
/// brackets, the CSV header, no blank line before the first text case.
struct Sink {
    let format: OutputFormat
    let file: AtomicOutput?
    let console: Console
    var started = false

    /// `asOf`: the evaluation date, when the guideline reads `today`; text output starts by
    /// saying it (the machine formats carry it per case).
    init(format: OutputFormat, file: AtomicOutput?, console: Console, asOf: String? = nil) {
        self.format = format
        self.file = file
        self.console = console
        if format == .csv { emit(Array((ReportWriter.csvHeader(dated: asOf != nil) + "\n").utf8)) }
        if format == .text, let asOf { emit(Array("evaluated as of \(asOf)\n\n".utf8)) }
    }

    func emit(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        if let file { file.write(bytes) } else { console.write(bytes: bytes) }
    }

    mutating func write(_ output: [UInt8]) {
        guard !output.isEmpty else { return }
        if !started, format == .json || format == .text {
            // Each case starts with its separator; the first one has none (JSON: "[" instead).
            started = true
            if format == .json { emit([UInt8(ascii: "[")]) }
            emit(Array(output.dropFirst()))
            return
        }
        started = true
        emit(output)
    }

    func finish() {
        if format == .json { emit(Array((started ? "\n]\n" : "[]\n").utf8)) }
        console.flush()
    }
}

