package assess

// completeness is the weighted share of dimensions present, with identity
// counted by how much of it is on file and credit standing at half when it
// holds neither a report nor an insurance limit. It uses the customer-type
// weights without regional emphasis: the region depends on the country, and
// removing the country must never make a dossier look more complete.
func completeness(c *context, dims []Dimension) float64 {
	total, got := 0.0, 0.0
	for _, d := range dims {
		if d.Key == DimCountry && c.domestic() {
			continue // not applicable, not unknown
		}
		w := c.base[d.Key]
		total += w
		if d.Missing {
			continue
		}
		q := 1.0
		switch d.Key {
		case DimIdentity:
			q = identityRichness(c)
		case DimCredit:
			if len(c.d.CreditReports) == 0 && len(c.d.InsuranceLimits) == 0 {
				q = 0.5
			}
		}
		got += w * q
	}
	if total == 0 {
		return 0
	}
	return round(100*got/total, 1)
}
