import Foundation
import Gist

/// What a run writes around its cases: a head, a separator that each case's output starts with
/// (dropped from the first case), and a tail.
public struct Framing: Sendable {
    public var head: String
    /// Each case's output starts with its separator; the first one's is dropped.
    public var separated: Bool
    /// The tail after at least one case, and after none.
    public var tail: String
    public var emptyTail: String

    public init(head: String = "", separated: Bool = false, tail: String = "", emptyTail: String? = nil) {
        self.head = head
        self.separated = separated
        self.tail = tail
        self.emptyTail = emptyTail ?? tail
    }

    /// `gist run`'s layouts: a JSON array, the CSV header, no blank line before the first text case.
    /// `asOf`: the evaluation date, when the guideline reads `today`; text output starts by
    /// saying it, CSV has a column for it (JSON carries it per case).
    public static func of(_ format: OutputFormat, asOf: String? = nil) -> Framing {
        switch format {
        case .json: return Framing(head: "[", separated: true, tail: "\n]\n", emptyTail: "]\n")
        case .text: return Framing(head: asOf.map { "evaluated as of \($0)\n\n" } ?? "", separated: true)
        case .csv: return Framing(head: ReportWriter.csvHeader(dated: asOf != nil) + "\n")
        case .jsonl: return Framing()
        }
    }
}

/// Writes the cases' output in order, framed.
struct Sink {
    let framing: Framing
    let file: AtomicOutput?
    let console: Console
    var started = false

    init(framing: Framing, file: AtomicOutput?, console: Console) {
        self.framing = framing
        self.file = file
        self.console = console
        emit(Array(framing.head.utf8))
    }

    func emit(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        if let file { file.write(bytes) } else { console.write(bytes: bytes) }
    }

    mutating func write(_ output: [UInt8]) {
        guard !output.isEmpty else { return }
        if !started, framing.separated {
            started = true
            emit(Array(output.dropFirst()))
            return
        }
        started = true
        emit(output)
    }

    func finish() {
        emit(Array((started ? framing.tail : framing.emptyTail).utf8))
        console.flush()
    }
}
