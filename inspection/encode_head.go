package inspection

import "slices"

// A save writes the protocol outside its findings (its head) again too, by
// encoding/json: a fifth of what encoding a one-finding edit at 500
// findings cost. AppendCompactAfter keeps a private copy of the head it
// encoded and takes the bytes from the encoding before when every field is
// the same.

// headOf is a deep copy of p without its findings: what sameHead compares
// the next revision with.
func headOf(p *Protocol) *Protocol {
	h := *p
	h.Findings = nil
	return h.Clone()
}

// sameHead reports whether a and b encode alike outside their findings
// because every other field is the same: strings, flags, dates and pointer
// targets equal, amounts the same digits at the same exponent, slices as
// long and both nil or neither. Like sameFinding it may say two heads
// differ that encode alike (the head is then encoded again), never the
// reverse: a test changes each field reachable from a Protocol in turn and
// checks that it is noticed.
func sameHead(a, b *Protocol) bool {
	return a.ID == b.ID && a.Profile == b.Profile && a.ProfileHash == b.ProfileHash && a.PinnedHash == b.PinnedHash &&
		samePtr(a.Amends, b.Amends) && a.Catalogue == b.Catalogue && sameVehicle(&a.Vehicle, &b.Vehicle) &&
		a.Customer == b.Customer && sameContract(&a.Contract, &b.Contract) && a.Return == b.Return &&
		samePreconditions(&a.Preconditions, &b.Preconditions) && sameSlice(a.Completed, b.Completed) &&
		sameNull(a.Tyres.MinTreadMm, b.Tyres.MinTreadMm) && sameSlice(a.Tyres.Wheels, b.Tyres.Wheels) &&
		sameSlice(a.Delivery, b.Delivery) && a.AllDelivered == b.AllDelivered && a.Service == b.Service &&
		sameSlice(a.Evidence, b.Evidence) && sameEach(a.Fees, b.Fees, sameFee) && sameSlice(a.Dismissed, b.Dismissed) &&
		sameNull(a.VATPercent, b.VATPercent) && samePtr(a.DamagesTaxable, b.DamagesTaxable) &&
		a.Inspector == b.Inspector && a.Dealership == b.Dealership && sameEach(a.Signatures, b.Signatures, sameSignature) &&
		samePtr(a.Refusal, b.Refusal) && sameDispute(a.Dispute, b.Dispute) && a.Kind == b.Kind &&
		sameDeliveryRecord(a.DeliveryRecord, b.DeliveryRecord) && a.Handover == b.Handover && sameBaseline(a.Baseline, b.Baseline)
}

// sameSlice: the same elements (amounts by their digits' identity, as ==
// compares a Decimal), and nil only together (encoding/json writes nil as
// null, an empty slice as []).
func sameSlice[T comparable](a, b []T) bool {
	return (a == nil) == (b == nil) && slices.Equal(a, b)
}

func sameEach[T any](a, b []T, same func(x, y *T) bool) bool {
	if (a == nil) != (b == nil) || len(a) != len(b) {
		return false
	}
	for i := range a {
		if !same(&a[i], &b[i]) {
			return false
		}
	}
	return true
}

func sameVehicle(a, b *Vehicle) bool {
	return a.VIN == b.VIN && a.Plate == b.Plate && a.Make == b.Make && a.Model == b.Model &&
		a.FirstRegistration == b.FirstRegistration && a.DeliveryOdometerKm == b.DeliveryOdometerKm &&
		samePtr(a.PowerKW, b.PowerKW) && sameNull(a.ListPrice, b.ListPrice) && sameNull(a.Value, b.Value) &&
		sameSlice(a.Equipment, b.Equipment) && a.Body == b.Body
}

func sameContract(a, b *Contract) bool {
	return a.Number == b.Number && a.Type == b.Type && a.EndDate == b.EndDate && sameNull(a.MonthlyRate, b.MonthlyRate) &&
		samePtr(a.AgreedKm, b.AgreedKm) && sameKmRules(a.KmRules, b.KmRules) && sameNull(a.DealerNetPrice, b.DealerNetPrice)
}

func sameKmRules(a, b *KmRules) bool {
	if a == nil || b == nil {
		return a == b
	}
	return sameDecimal(a.ExtraRate, b.ExtraRate) && sameDecimal(a.ReducedRate, b.ReducedRate) &&
		samePtr(a.ToleranceKm, b.ToleranceKm) && a.ToleranceMode == b.ToleranceMode && samePtr(a.ReducedCapKm, b.ReducedCapKm) &&
		sameNull(a.ReducedCapPercent, b.ReducedCapPercent) && samePtr(a.ReducedVoidAboveKm, b.ReducedVoidAboveKm) &&
		sameNull(a.SurchargeAbovePercent, b.SurchargeAbovePercent) && sameNull(a.SurchargePercent, b.SurchargePercent)
}

func samePreconditions(a, b *Preconditions) bool {
	return samePtr(a.Cleaned, b.Cleaned) && samePtr(a.Lighting, b.Lighting) && samePtr(a.NoWeather, b.NoWeather) &&
		samePtr(a.DoorsOpen, b.DoorsOpen) && samePtr(a.Accessible, b.Accessible) && a.Note == b.Note
}

func sameFee(a, b *Fee) bool {
	return a.Code == b.Code && a.Label == b.Label && sameNull(a.Amount, b.Amount) && a.Quantity == b.Quantity &&
		samePtr(a.Taxable, b.Taxable)
}

func sameSignature(a, b *Signature) bool {
	return a.Role == b.Role && a.Name == b.Name && a.SignedAt == b.SignedAt && a.Attests == b.Attests &&
		sameEach(a.Strokes, b.Strokes, func(x, y *[][2]int) bool { return sameSlice(*x, *y) })
}

func sameDispute(a, b *Dispute) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Comment == b.Comment && sameSlice(a.Experts, b.Experts) && a.Chosen == b.Chosen &&
		sameSlice(a.Findings, b.Findings) && sameNull(a.ExpertCost, b.ExpertCost)
}

func sameDeliveryRecord(a, b *DeliveryRecord) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.ModelCode == b.ModelCode && sameNull(a.ListPrice, b.ListPrice) && sameSlice(a.Equipment, b.Equipment)
}

func sameBaseline(a, b *Baseline) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.ID == b.ID && a.SealHash == b.SealHash && a.VIN == b.VIN && a.Date == b.Date &&
		sameSlice(a.Findings, b.Findings) && sameSlice(a.Wheels, b.Wheels) && sameSlice(a.Delivery, b.Delivery)
}
