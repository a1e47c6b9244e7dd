import Dispatch

extension Array where Element: Sendable {
    /// `count` values made on every core, in index order. Each thread writes the slots of the
    /// indices it made: no lock and no dictionary between them (a `Mutex<[Int: T]>` cost a
    /// third of decoding the lesson pack, in contention and rehashing of large values).
    public static func concurrentlyMade(count: Int, _ make: @Sendable (Int) -> Element) -> [Element] {
        [Element](unsafeUninitializedCapacity: count) { slots, initialized in
            nonisolated(unsafe) let slots = slots
            DispatchQueue.concurrentPerform(iterations: count) { index in
                (slots.baseAddress! + index).initialize(to: make(index))
            }
            initialized = count
        }
    }
}
