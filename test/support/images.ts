import sharp from 'sharp'

const XMP = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>SENTINEL-XMP-CREATOR</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>`

/** A real photo carrying EXIF (with a camera owner and GPS position) and XMP, as phones write them. */
export async function photoWithMetadata(format: 'jpeg' | 'png' | 'webp' = 'jpeg', width = 320, height = 200): Promise<Buffer> {
  const img = sharp({ create: { width, height, channels: 3, background: '#3355aa' } })
    .withExif({ IFD0: { Copyright: 'SENTINEL-EXIF-OWNER', Artist: 'SENTINEL-EXIF-OWNER' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 26/1' } })
    .withXmp(XMP)
  return (format === 'jpeg' ? img.jpeg() : format === 'png' ? img.png() : img.webp()).toBuffer()
}

export const METADATA_SENTINELS = ['SENTINEL-EXIF-OWNER', 'SENTINEL-XMP-CREATOR']
