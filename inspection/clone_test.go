package inspection

import (
	"reflect"
	"testing"
)

// fill sets every exported field reachable from v: pointers get a value,
// slices two elements, strings, numbers and flags a value — so that Clone
// has something to copy everywhere. The same call always builds the same.
func fill(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem())
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(v.Index(i))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i))
			}
		}
	case reflect.String:
		v.SetString("s")
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(7)
	case reflect.Bool:
		v.SetBool(true)
	}
}

// mutate changes every exported value reachable from v in place: through
// pointers, in slice elements. A clone that shares any of them with its
// original changes the original too.
func mutate(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			mutate(v.Elem())
		}
	case reflect.Slice:
		for i := range v.Len() {
			mutate(v.Index(i))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				mutate(v.Field(i))
			}
		}
	case reflect.String:
		v.SetString(v.String() + "!")
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(v.Int() + 1)
	case reflect.Bool:
		v.SetBool(!v.Bool())
	}
}

// TestCloneSharesNothing: a clone equals its original, and no change made
// through the clone — to any slice element or pointer target — reaches the
// original. Background saves rely on it.
func TestCloneSharesNothing(t *testing.T) {
	var p, pristine Protocol
	fill(reflect.ValueOf(&p).Elem())
	fill(reflect.ValueOf(&pristine).Elem())
	c := p.Clone()
	if !reflect.DeepEqual(&p, c) {
		t.Fatal("the clone differs from its original")
	}
	mutate(reflect.ValueOf(c).Elem())
	if !reflect.DeepEqual(p, pristine) {
		for i := range reflect.TypeOf(p).NumField() {
			f := reflect.TypeOf(p).Field(i)
			if !reflect.DeepEqual(reflect.ValueOf(p).Field(i).Interface(), reflect.ValueOf(pristine).Field(i).Interface()) {
				t.Errorf("changing the clone changed the original's %s", f.Name)
			}
		}
	}
	// nil stays nil: an absent list is not turned into an empty one
	var empty Protocol
	if e := empty.Clone(); !reflect.DeepEqual(&empty, e) {
		t.Fatalf("clone of an empty protocol: %+v", e)
	}
}
