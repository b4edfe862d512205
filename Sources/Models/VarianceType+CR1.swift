extension VarianceType {
    /// CR1's small-sample factor G/(G−1) · (n−1)/(n−k) (Stata's; `sandwich::vcovCL(type =
    /// "HC1")`), for G clusters, n rows and k estimated parameters. For the covariance of two
    /// estimators with k_a and k_b parameters, (n−1)/√((n−k_a)(n−k_b)) replaces (n−1)/(n−k),
    /// which keeps the joint covariance positive semi-definite and equals the single-equation
    /// factor on the diagonal.
    public static func cr1Factor(clusters g: Int, rows n: Int, parameters ka: Int, _ kb: Int? = nil) -> Double {
        let g = Double(g), n = Double(n)
        return g / (g - 1) * (n - 1) / ((n - Double(ka)) * (n - Double(kb ?? ka))).squareRoot()
    }
}
