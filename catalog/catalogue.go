// Package catalog holds the lessor's rule data: damage catalogues, age/km factor
// tables and fee schedules. The built-in ones are embedded data files; a lessor's
// own file is loaded and validated by the same code.
package catalog

// Catalogue is a damage catalogue: categories in walkthrough order, each with the
// criteria the inspector judges a finding against.
type Catalogue struct {
	Format        string         `json:"format"`
	ID            string         `json:"id"`
	Version       string         `json:"version"`
	Replaces      []string       `json:"replaces,omitempty"` // older versions with the same criterion ids
	Title         string         `json:"title"`
	Source        string         `json:"source"`
	Texts         []Text         `json:"texts"`
	Categories    []Category     `json:"categories"`
	DeliveryItems []DeliveryItem `json:"delivery_items"`

	rules map[string]*Criterion
	cats  map[string]*Category
}

// Text is one of the guide's general texts (preconditions, accident damage, …).
type Text struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	Paragraphs []string `json:"paragraphs"`
}

// Category is one section of the catalogue, e.g. Lackierung.
type Category struct {
	ID       string      `json:"id"`
	Name     string      `json:"name"`
	Criteria []Criterion `json:"criteria"`
	Parts    []string    `json:"parts"`
	Damages  []string    `json:"damages"`
	Sizes    []string    `json:"sizes"`
}

// Criterion is one line of the catalogue, worded as the source words it. Its
// marks decide how a finding that matches it is charged (RULES.md §3): a
// finding may contradict a mark only with a reason.
type Criterion struct {
	ID             string `json:"id"`
	Acceptable     bool   `json:"acceptable"`
	Text           string `json:"text"`
	SafetyRelevant bool   `json:"safety_relevant,omitempty"`
	Accident       bool   `json:"accident,omitempty"`
	FullCharge     bool   `json:"full_charge,omitempty"` // something owed, not worn: 100 %
}

// DeliveryItem is an item of the usual delivery record with its usual count.
type DeliveryItem struct {
	Item     string `json:"item"`
	Expected int    `json:"expected"`
}

// Ref is the catalogue's identity as a finding records it: "bmw-fs-2012@1".
func (c *Catalogue) Ref() string { return c.ID + "@" + c.Version }

// Judges reports whether a protocol that records ref ("bmw-fs-2012@1") is
// judged by this catalogue: its own version or one it replaces (criterion ids
// stay the same across those versions).
func (c *Catalogue) Judges(ref string) bool {
	if ref == c.Ref() {
		return true
	}
	for _, v := range c.Replaces {
		if ref == c.ID+"@"+v {
			return true
		}
	}
	return false
}

// Category returns the category with the given id.
func (c *Catalogue) Category(id string) (*Category, bool) {
	cat, ok := c.cats[id]
	return cat, ok
}

// Criterion returns the criterion with the given rule id.
func (c *Catalogue) Criterion(id string) (*Criterion, bool) {
	r, ok := c.rules[id]
	return r, ok
}

// CategoryOf returns the category a rule id belongs to.
func (c *Catalogue) CategoryOf(ruleID string) (*Category, bool) {
	for i := range c.Categories {
		for _, r := range c.Categories[i].Criteria {
			if r.ID == ruleID {
				return &c.Categories[i], true
			}
		}
	}
	return nil, false
}

// CategoryIDs lists the category ids in walkthrough order.
func (c *Catalogue) CategoryIDs() []string {
	ids := make([]string, len(c.Categories))
	for i, cat := range c.Categories {
		ids[i] = cat.ID
	}
	return ids
}

// Text returns the general text with the given id.
func (c *Catalogue) Text(id string) (Text, bool) {
	for _, t := range c.Texts {
		if t.ID == id {
			return t, true
		}
	}
	return Text{}, false
}

// index builds the lookup maps once the catalogue is valid.
func (c *Catalogue) index() {
	c.rules = make(map[string]*Criterion)
	c.cats = make(map[string]*Category)
	for i := range c.Categories {
		cat := &c.Categories[i]
		c.cats[cat.ID] = cat
		for j := range cat.Criteria {
			c.rules[cat.Criteria[j].ID] = &cat.Criteria[j]
		}
	}
}
