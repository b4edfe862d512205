/// A SYNTHETIC ASCOT weights file for tests: invented numbers, NOT the ASCOT preference weights
/// (which are licensed and not shipped). All-ideal scores 1 after the transformation (scale 0.5,
/// constant −0.2), the lowest state −0.16.
public let syntheticASCOTWeights = """
    # SYNTHETIC weights for phbeval's tests: invented numbers, NOT the ASCOT preference weights
    domain,ideal,no_needs,some_needs,high_needs
    control,0.3,0.21,0.1,0.01
    cleanliness,0.3,0.22,0.1,0.01
    food,0.3,0.23,0.1,0.01
    safety,0.3,0.24,0.1,0.01
    social,0.3,0.25,0.1,0.01
    occupation,0.3,0.26,0.1,0.01
    accommodation,0.3,0.27,0.1,0.01
    dignity,0.3,0.28,0.1,0.01
    scale,0.5
    constant,-0.2

    """
