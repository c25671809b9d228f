// Deadlines and expiry times add durations from the wire (session, rebalance and retention times) or from
// `__consumer_offsets` records to the wall clock. Swift traps on overflow, and any of those values may be
// hostile, so every such sum saturates: a deadline past `Int64.max` is simply "never".
extension Int64 {
    /// `self + other`, or `Int64.max` / `Int64.min` when the sum does not fit.
    func saturatingAdd(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }

    /// `self - other`, or `Int64.max` / `Int64.min` when the difference does not fit.
    func saturatingSubtract(_ other: Int64) -> Int64 {
        let (difference, overflow) = subtractingReportingOverflow(other)
        guard overflow else { return difference }
        return other < 0 ? .max : .min
    }
}
