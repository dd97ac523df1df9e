/// What an unknown value needs, once, for every engine: the inputs that, once known, could
/// decide it (the `needs` of an undetermined recommendation). A known value needs nothing; an
/// unknown input needs itself; any other unknown value — a derived value, an operation — what
/// its parts need (a derived value's definition: its `let` expression or its table's columns;
/// an operation's operands).
///
/// The tree evaluator asks it over the IR (`Evaluator.unknownInputs`), the compiled machine
/// over its needs nodes (`CompiledMachine.needs(node:)`), each with its own way to tell whether a
/// node is unknown in the current case.
protocol NeedsGraph {
    associatedtype Node
    /// Whether the node's value is unknown in the current case.
    func isUnknown(_ node: Node) -> Bool
    /// The input the node reads directly, or nil for anything else.
    func input(_ node: Node) -> Int?
    /// The node's parts: nothing for a constant or an input, a derived value's definition, an
    /// operation's operands.
    func forEachPart(of node: Node, _ visit: (Node) -> Void)
}

extension NeedsGraph {
    /// Calls `need` with every input `node` needs (an input may come more than once).
    func unknownInputs(of node: Node, _ need: (Int) -> Void) {
        guard isUnknown(node) else { return }
        if let i = input(node) { need(i); return }
        forEachPart(of: node) { unknownInputs(of: $0, need) }
    }
}
