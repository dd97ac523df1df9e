import Gist

/// Writes results of `gist run` as bytes, fast: every recommendation's JSON object (code,
/// strength, text, citation, source) is encoded once, so a case costs a few copies. The output
/// is byte for byte what `ReportWriter` writes for the same case (tests check this).
public struct ReportEncoder: Sendable {
    /// All the pre-encoded pieces in one buffer (appending from it costs no reference counting).
    let blobs: Blobs
    /// Per code: `{"code":…,"strength":…,"text":…,"citation":…,"source":…}` (and `evidence`).
    let recommendationJSON: [Range<Int>]
    /// Per code: the code as a JSON string.
    let codeJSON: [Range<Int>]
    /// Per input: the name as a JSON string.
    let inputJSON: [Range<Int>]
    /// `,"as_of":"YYYY-MM-DD"` when the guideline reads `today`; empty otherwise.
    let asOfJSON: Range<Int>

    final class Blobs: @unchecked Sendable {
        let bytes: UnsafeMutablePointer<UInt8>
        let count: Int
        init(_ all: [UInt8]) {
            count = all.count
            bytes = .allocate(capacity: max(count, 1))
            bytes.initialize(from: all, count: count)
        }
        deinit { bytes.deallocate() }
        @inline(__always) func piece(_ r: Range<Int>) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(start: bytes + r.lowerBound, count: r.count)
        }
    }

    public init(program: Program) {
        var all: [UInt8] = []
        func add(_ s: String) -> Range<Int> {
            let start = all.count
            all.append(contentsOf: s.utf8)
            return start..<all.count
        }
        recommendationJSON = program.recommendations.map { r in
            add(JSONText.object(ReportWriter.recommendationFields(code: r.code, strength: r.strength, text: r.text,
                                                                  citation: r.citation, source: r.source, evidence: r.evidence)))
        }
        codeJSON = program.recommendations.map { add(JSONText.string($0.code)) }
        inputJSON = program.inputs.map { add(JSONText.string($0.name)) }
        asOfJSON = add(program.evaluationDate.map { ",\"as_of\":" + JSONText.string($0) } ?? "")
        blobs = Blobs(all)
    }

    /// A case's id as it appears in output.
    public enum CaseID {
        /// The content of a JSON string without escapes, from the record's line.
        case raw(UnsafeBufferPointer<UInt8>)
        case text(String)
    }

    static let recommendationsKey = Array(",\"recommendations\":[".utf8)
    static let undeterminedKey = Array("],\"undetermined\":[".utf8)
    static let codeKey = Array("{\"code\":".utf8)
    static let needsKey = Array(",\"needs\":[".utf8)

    /// Appends the case's JSON object (`ReportWriter.jsonObject` without explanation) for the
    /// machine's last run.
    public func appendJSON(id: CaseID, _ m: CompiledMachine, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"id":"#.utf8)
        switch id {
        case .raw(let bytes):
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: bytes)
            out.append(UInt8(ascii: "\""))
        case .text(let s):
            out.append(contentsOf: JSONText.string(s).utf8)
        }
        out.append(contentsOf: blobs.piece(asOfJSON))
        out.append(contentsOf: Self.recommendationsKey)
        let words = (m.codeCount + 63) / 64
        var first = true
        var undetermined = false
        for w in 0..<words {
            var bits = m.recommendedWord(w)
            while bits != 0 {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                out.append(contentsOf: blobs.piece(recommendationJSON[w << 6 | bits.trailingZeroBitCount]))
                bits &= bits &- 1
            }
            if m.undeterminedWord(w) != 0 { undetermined = true }
        }
        out.append(contentsOf: Self.undeterminedKey)
        if undetermined {
            first = true
            for w in 0..<words {
                var bits = m.undeterminedWord(w)
                while bits != 0 {
                    let c = w << 6 | bits.trailingZeroBitCount
                    bits &= bits &- 1
                    if !first { out.append(UInt8(ascii: ",")) }
                    first = false
                    out.append(contentsOf: Self.codeKey)
                    out.append(contentsOf: blobs.piece(codeJSON[c]))
                    out.append(contentsOf: Self.needsKey)
                    var needs = m.needs(c)
                    var firstNeed = true
                    while needs != 0 {
                        if !firstNeed { out.append(UInt8(ascii: ",")) }
                        firstNeed = false
                        out.append(contentsOf: blobs.piece(inputJSON[needs.trailingZeroBitCount]))
                        needs &= needs &- 1
                    }
                    out.append(contentsOf: "]}".utf8)
                }
            }
        }
        out.append(contentsOf: "]}".utf8)
    }

    /// The machine's last run as an outcome (without slot values), for the other writers.
    /// Its undetermined codes all name the inputs they need (`runExplainsUndetermined`).
    public func outcome(_ m: CompiledMachine) -> Evaluator.Outcome {
        var recommended: [Int] = []
        var undetermined: [(code: Int, needs: [Int])] = []
        for c in 0..<m.codeCount {
            switch m.status(c) {
            case 2: recommended.append(c)
            case 1:
                var list: [Int] = []
                var needs = m.needs(c)
                while needs != 0 {
                    list.append(needs.trailingZeroBitCount)
                    needs &= needs &- 1
                }
                undetermined.append((c, list))
            default: break
            }
        }
        return Evaluator.Outcome(values: [], recommended: recommended, undetermined: undetermined)
    }
}

extension CompiledMachine {
    /// Runs the loaded case; false when a code is undetermined though no input is missing (a
    /// division by zero, a table gap or overlap): the tree evaluator then reports the cause.
    func runExplainsUndetermined() -> Bool {
        run()
        // Only the undetermined codes' bits (usually none): this runs for every record.
        for w in 0..<(codeCount + 63) / 64 {
            var bits = undeterminedWord(w)
            while bits != 0 {
                if needs(w << 6 | bits.trailingZeroBitCount) == 0 { return false }
                bits &= bits &- 1
            }
        }
        return true
    }
}
