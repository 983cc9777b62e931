import type { CommentPage, FeedComment, FeedImageUploaded, FeedPage, FeedPost, LikeState } from '../../../shared/src/api/feed.js'
import { request } from './client.js'

const enc = encodeURIComponent
const cursorParam = (cursor?: string | null) => (cursor ? `?cursor=${enc(cursor)}` : '')

/** The feed part of the API (DESIGN §5b "feed"). */
export const feedApi = {
  home: (cursor?: string | null) => request<FeedPage>('GET', `/feed${cursorParam(cursor)}`),
  activity: (handle: string, cursor?: string | null) => request<FeedPage>('GET', `/users/${enc(handle)}/posts${cursorParam(cursor)}`),
  get: (id: string) => request<FeedPost>('GET', `/feed/posts/${enc(id)}`),
  create: (body: string, extra: { imageIds?: string[]; reshareOf?: string } = {}) => request<FeedPost>('POST', '/feed/posts', { body, ...extra }),
  edit: (id: string, body: string) => request<FeedPost>('PATCH', `/feed/posts/${enc(id)}`, { body }),
  remove: (id: string) => request<void>('DELETE', `/feed/posts/${enc(id)}`),
  like: (id: string) => request<LikeState>('POST', `/feed/posts/${enc(id)}/likes`),
  unlike: (id: string) => request<LikeState>('DELETE', `/feed/posts/${enc(id)}/likes`),
  comments: (id: string, cursor?: string | null) => request<CommentPage>('GET', `/feed/posts/${enc(id)}/comments${cursorParam(cursor)}`),
  comment: (id: string, body: string, parentId?: string) => request<FeedComment>('POST', `/feed/posts/${enc(id)}/comments`, { body, ...(parentId ? { parentId } : {}) }),
  editComment: (id: string, body: string) => request<FeedComment>('PATCH', `/feed/comments/${enc(id)}`, { body }),
  removeComment: (id: string) => request<void>('DELETE', `/feed/comments/${enc(id)}`),
  uploadImage: (image: File) => {
    const fd = new FormData()
    fd.append('image', image, image.name)
    return request<FeedImageUploaded>('POST', '/feed/images', fd)
  },
}
