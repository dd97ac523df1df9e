/// The computed values (lets and tables) a condition reads, each with what it was computed
/// from, so an explanation can be followed to the case's inputs:
/// `tiny_asymptomatic = size (1.5 cm) < 2 cm and not symptomatic (false)`.
public struct ComputedValue: Sendable, Equatable {
    public let name: String
    /// The value, as text.
    public let value: String
    /// The let's expression or the table and its columns, with the values they read.
    public let formula: String

    /// `tiny_asymptomatic (true) = size (1.5 cm) < 2 cm and not symptomatic (false)`
    public var text: String { "\(name) (\(value)) = \(formula)" }
}

extension Program {
    /// The computed values among `slots`, then those they read in turn (each once, nearest
    /// first), given every slot's value of a case.
    public func computedValues(read slots: Set<Int>, in values: [Value]) -> [ComputedValue] {
        var out: [ComputedValue] = []
        var seen = Set<Int>()
        var queue = slots.sorted()
        while !queue.isEmpty {
            let slot = queue.removeFirst()
            guard slot >= inputs.count, slot < slotCount, slot < values.count, seen.insert(slot).inserted else { continue }
            let d = derived[slot - inputs.count]
            let read: Set<Int>
            let formula: String
            switch d.kind {
            case .letValue(let ir):
                read = ir.slots
                formula = ConditionText.shown(d.source, negated: false, values: shownValues(read, values), condition: false)
            case .table(let t):
                guard t < tables.count else { continue }
                let table = tables[t]
                read = table.columns.reduce(into: Set<Int>()) { $0.formUnion($1.slots) }
                let columns = table.columnSources.map { ConditionText.shown($0, negated: false, values: shownValues(read, values), condition: false) }
                formula = "table \(table.name) on " + columns.joined(separator: ", ")
            }
            out.append(ComputedValue(name: d.name, value: formatSlot(slot, values[slot]), formula: formula))
            queue += read.sorted()
        }
        return out
    }

    /// The named values of slots, as explanations show them.
    public func shownValues(_ slots: Set<Int>, _ values: [Value]) -> [(name: String, value: String)] {
        slots.sorted().filter { $0 < values.count }.map { (slotName($0), formatSlot($0, values[$0])) }
    }
}
