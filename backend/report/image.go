package report

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
	"math"

	"github.com/jung-kurt/gofpdf"
)

// Image adds a JPEG or PNG image scaled to fit in maxW × maxH mm keeping its
// aspect ratio (zero or oversized limits mean the body width and height),
// centred, with a caption under it. Photos with more resolution than
// Options.ImageDPI at their printed size are downscaled.
//
// Image returns an error, and adds nothing, when data is not a readable JPEG
// or PNG; the document stays usable.
func (d *Doc) Image(data []byte, caption string, maxW, maxH float64) error {
	if !d.ok() {
		return d.err
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "jpeg" && format != "png") || cfg.Width == 0 || cfg.Height == 0 {
		return fmt.Errorf("image: not a readable JPEG or PNG: %w", errInvalid)
	}
	capSt := textStyle{size: d.body.size - 1.5, color: colorMuted}
	capLines := []Line{}
	if caption != "" {
		capLines = d.wrap(caption, d.contentWidth(), capSt)
	}
	capH := float64(len(capLines))*capSt.lineHeight() + 1.5

	cw, bh := d.contentWidth(), d.bodyHeight()-capH
	if maxW <= 0 || maxW > cw {
		maxW = cw
	}
	if maxH <= 0 || maxH > bh {
		maxH = bh
	}
	scale := math.Min(maxW/float64(cfg.Width), maxH/float64(cfg.Height)) // mm per pixel
	w, h := float64(cfg.Width)*scale, float64(cfg.Height)*scale

	tp := "JPG"
	if format == "png" {
		tp = "PNG"
	}
	wantPx := int(math.Ceil(w / 25.4 * d.opts.ImageDPI))
	shrink := d.opts.ImageDPI > 0 && float64(cfg.Width) > 1.15*float64(wantPx)
	if shrink || format == "png" {
		// PNGs are always re-encoded: gofpdf reads only 8-bit,
		// non-interlaced PNG, and the standard encoder writes just that.
		img, _, err := image.Decode(bytes.NewReader(data))
		if err != nil {
			return fmt.Errorf("image: decode %s: %w", format, errInvalid)
		}
		if shrink {
			img = downscale(img, wantPx, max(1, int(math.Round(float64(wantPx)*float64(cfg.Height)/float64(cfg.Width)))))
		}
		var buf bytes.Buffer
		if format == "jpeg" {
			err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85})
		} else {
			err = png.Encode(&buf, to8bit(img))
		}
		if err != nil {
			return fmt.Errorf("image: encode: %w", err)
		}
		data = buf.Bytes()
	}

	d.images++
	name := fmt.Sprintf("img%d", d.images)
	opt := gofpdf.ImageOptions{ImageType: tp}
	d.pdf.RegisterImageOptionsReader(name, opt, bytes.NewReader(data))
	if d.pdf.Err() {
		err := d.pdf.Error()
		d.pdf.ClearError()
		return fmt.Errorf("image: %v: %w", err, errInvalid)
	}

	d.gap(2)
	d.ensure(h + capH)
	d.pdf.ImageOptions(name, d.left+(cw-w)/2, d.y, w, h, false, opt, 0, "")
	d.y += h + 1.5
	d.flow(d.left, cw, capLines, capSt, AlignCenter)
	d.y += 3
	return nil
}

// to8bit converts 16-bit images to 8 bits per channel.
func to8bit(img image.Image) image.Image {
	switch img.(type) {
	case *image.RGBA64, *image.NRGBA64, *image.Gray16:
		b := img.Bounds()
		out := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
		draw.Draw(out, out.Bounds(), img, b.Min, draw.Src)
		return out
	}
	return img
}

// downscale resizes img to w × h by averaging the source pixels under each
// destination pixel (a box filter: good for shrinking, which is all it does).
func downscale(img image.Image, w, h int) image.Image {
	if y, ok := img.(*image.YCbCr); ok {
		return downscaleYCbCr(y, w, h)
	}
	b := img.Bounds()
	src, ok := img.(*image.RGBA)
	if !ok || b.Min != (image.Point{}) {
		src = image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
		draw.Draw(src, src.Bounds(), img, b.Min, draw.Src) // fast paths for YCbCr, Gray, NRGBA
	}
	sw, sh := b.Dx(), b.Dy()
	w, h = min(w, sw), min(h, sh)
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		y0, y1 := y*sh/h, max((y+1)*sh/h, y*sh/h+1)
		for x := 0; x < w; x++ {
			x0, x1 := x*sw/w, max((x+1)*sw/w, x*sw/w+1)
			var r, g, bl, a uint32
			for yy := y0; yy < y1; yy++ {
				row := src.Pix[yy*src.Stride+x0*4 : yy*src.Stride+x1*4]
				for i := 0; i < len(row); i += 4 {
					r += uint32(row[i])
					g += uint32(row[i+1])
					bl += uint32(row[i+2])
					a += uint32(row[i+3])
				}
			}
			n := uint32((y1 - y0) * (x1 - x0))
			p := dst.Pix[y*dst.Stride+x*4:]
			p[0], p[1], p[2], p[3] = uint8(r/n), uint8(g/n), uint8(bl/n), uint8(a/n)
		}
	}
	return dst
}

// downscaleYCbCr shrinks a decoded JPEG without converting it to RGB, so
// the JPEG encoder can take it back as it is.
func downscaleYCbCr(src *image.YCbCr, w, h int) *image.YCbCr {
	b := src.Bounds()
	sw, sh := b.Dx(), b.Dy()
	w, h = min(w, sw), min(h, sh)
	dst := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	boxPlane(dst.Y, dst.YStride, w, h, func(x0, x1, y0, y1 int) uint8 {
		var sum, n uint32
		for yy := y0; yy < y1; yy++ {
			row := src.Y[src.YOffset(b.Min.X, b.Min.Y+yy):]
			for _, v := range row[x0:x1] {
				sum += uint32(v)
			}
			n += uint32(x1 - x0)
		}
		return uint8(sum / n)
	}, sw, sh)
	// Chroma: destination 4:2:0 pixels cover 2×2 luma pixels; sample the
	// source chroma at every other luma pixel of that area.
	cw, ch := (w+1)/2, (h+1)/2
	for _, pl := range []struct{ dst, src []uint8 }{{dst.Cb, src.Cb}, {dst.Cr, src.Cr}} {
		boxPlane(pl.dst, dst.CStride, cw, ch, func(x0, x1, y0, y1 int) uint8 {
			var sum, n uint32
			for yy := y0; yy < y1; yy += 2 {
				for xx := x0; xx < x1; xx += 2 {
					sum += uint32(pl.src[src.COffset(b.Min.X+xx, b.Min.Y+yy)])
					n++
				}
			}
			return uint8(sum / n)
		}, sw, sh)
	}
	return dst
}

// boxPlane fills a w × h plane; avg returns the mean of the source area
// [x0,x1) × [y0,y1) of an sw × sh source in luma coordinates.
func boxPlane(dst []uint8, stride, w, h int, avg func(x0, x1, y0, y1 int) uint8, sw, sh int) {
	for y := 0; y < h; y++ {
		y0, y1 := y*sh/h, max((y+1)*sh/h, y*sh/h+1)
		for x := 0; x < w; x++ {
			x0, x1 := x*sw/w, max((x+1)*sw/w, x*sw/w+1)
			dst[y*stride+x] = avg(x0, x1, y0, y1)
		}
	}
}
