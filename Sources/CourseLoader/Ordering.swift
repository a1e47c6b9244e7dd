/// The order of modules in a course and of lessons in a module, one rule for both: by number
/// (the `NN-` prefix of the folder or file name, else `order:` in module.yaml or the lesson's
/// front matter), then those without a number; by name where numbers are equal or missing.
/// Authors who bring a layout without prefixes (an mdBook or Hugo tree) get name order until
/// they number what they want elsewhere.
enum Ordering {
    /// Two items given the same number: placed by name, which the author may not have meant.
    struct Tie<Item> {
        let first: Item
        let second: Item
        let order: Int
    }

    static func sorted<Item>(_ entries: [(order: Int?, name: String, item: Item)]) -> (items: [Item], ties: [Tie<Item>]) {
        let sorted = entries.sorted { left, right in
            switch (left.order, right.order) {
            case let (a?, b?) where a != b: a < b
            case (_?, nil): true
            case (nil, _?): false
            default: Array(left.name.utf8).lexicographicallyPrecedes(Array(right.name.utf8))
            }
        }
        var ties: [Tie<Item>] = []
        for (previous, next) in zip(sorted, sorted.dropFirst()) {
            if let order = next.order, previous.order == order {
                ties.append(Tie(first: previous.item, second: next.item, order: order))
            }
        }
        return (sorted.map(\.item), ties)
    }
}
