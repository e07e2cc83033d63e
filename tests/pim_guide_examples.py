"""Examples of Centra's PIM guide (shared/reference/centra-docs/pim-guide.md), verbatim, with
the responses it documents.

Each constant names the guide line its block starts on. The texts are not to be edited: the point
is that they run as printed. Some blocks are not runnable operations as printed: the fragment
``displayFields`` and the inputs ``DisplayCreateInput``/``DisplayUpdateInput`` are shown alone (the
fragment is appended to the operations that spread it; the inputs are compared with the SDL), the
bundle section is a ``placeholder`` query of a section still "[TBD]", and two responses are
labelled gql (they are kept as responses here).
"""

# ruff: noqa: W291, E101

# Guide line 55.
GET_STORES = r"""query getStores {
  stores {
    id
    name
  }
}"""

# Guide line 66.
GET_STORES_RESPONSE = {
    "data": {"stores": [{"id": 1, "name": "Retail Store"}, {"id": 2, "name": "Wholesale"}]},
    "extensions": {"complexity": 121, "permissionsUsed": ["Store:read"]},
}

# Guide line 103.
CREATE_MARKET = r"""mutation createMarket {
    createMarket(input: {
        name: "First Market"
      	store: {id: 1}
      	comment: "comment"
        addCountries: [
          {id: 125}
        ]
    }) {
        userErrors {
            message path
        }
        market {
            ...marketFields
        }
    }
}

fragment marketFields on Market {
  id
  name
  comment
  campaigns {
    id
    name
  }
  displays {
    id
    name
  }
  allocationRule {
    id
    name
  }
  store {
    id
    name
  }
  assignedToCountries {
    id
  }
}"""

# Guide line 150.
CREATE_MARKET_RESPONSE = {
    "data": {
        "createMarket": {
            "userErrors": [],
            "market": {
                "id": 29,
                "name": "First Market",
                "comment": "comment",
                "campaigns": [],
                "displays": [],
                "allocationRule": None,
                "store": {"id": 1, "name": "Retail Store"},
                "assignedToCountries": [{"id": 125}],
            },
        }
    },
    "extensions": {
        "complexity": 164,
        "permissionsUsed": [
            "Market:write",
            "Market:read",
            "Market.comment:read",
            "Campaign:read",
            "Display:read",
            "AllocationRule:read",
            "Store:read",
            "Country:read",
        ],
        "appVersion": "v0.27.0",
    },
}

# Guide line 197.
SINGLE_MARKET = r"""query singleMarket {
  market(id: 29) {
    ...marketFields
  }
}"""

# Guide line 207.
MULTIPLE_MARKETS = r"""query multipleMarkets {
  markets {
    ...marketFields
  }
}"""

# Guide line 217: the answer of singleMarket, printed after both queries.
SINGLE_MARKET_RESPONSE = {
    "data": {
        "market": {
            "id": 29,
            "name": "First Market",
            "comment": "comment",
            "campaigns": [],
            "displays": [],
            "allocationRule": None,
            "store": {"id": 1, "name": "Retail Store"},
            "assignedToCountries": [{"id": 125}],
        }
    },
    "extensions": {
        "complexity": 53,
        "permissionsUsed": [
            "Market:read",
            "Market.comment:read",
            "Campaign:read",
            "Display:read",
            "AllocationRule:read",
            "Store:read",
            "Country:read",
        ],
        "appVersion": "v0.27.0",
    },
}

# Guide line 262.
UPDATE_MARKET = r"""mutation updateMarket {
    updateMarket(id: 29, input: {
        name: "update"
      	addCountries: [{id: 122}]
      	removeCountries: [{id: 125}]
    }) {
        userErrors {
            message path
        }
        market {
            ...marketFields
        }
    }
}"""

# Guide line 281.
UPDATE_MARKET_RESPONSE = {
    "data": {
        "updateMarket": {
            "userErrors": [],
            "market": {
                "id": 29,
                "name": "update",
                "comment": "comment",
                "campaigns": [],
                "displays": [],
                "allocationRule": None,
                "store": {"id": 1, "name": "Retail Store"},
                "assignedToCountries": [{"id": 122}],
            },
        }
    },
    "extensions": {
        "complexity": 164,
        "permissionsUsed": [
            "Market:write",
            "Market:read",
            "Market.comment:read",
            "Campaign:read",
            "Display:read",
            "AllocationRule:read",
            "Store:read",
            "Country:read",
        ],
        "appVersion": "v0.27.0",
    },
}

# Guide line 334.
CREATE_TOP_FOLDER = r"""mutation addFolder {
  createFolder(input:{
    name: "First folder",
    parent: null
  }){
    folder{
      id
      name
      isTopFolder
    }
  }
}"""

# Guide line 351.
CREATE_TOP_FOLDER_RESPONSE = {
    "data": {"createFolder": {"folder": {"id": 1, "name": "First folder", "isTopFolder": True}}},
    "extensions": {"complexity": 121, "permissionsUsed": ["Folder:write", "Folder:read"]},
}

# Guide line 376.
CREATE_CHILD_FOLDER = r"""mutation addFolder {
  createFolder(input:{
    name: "Second folder",
    parent: {id: 1}
  }){
    folder{
      id
      name
      isTopFolder
    }
  }
}"""

# Guide line 393.
CREATE_CHILD_FOLDER_RESPONSE = {
    "data": {"createFolder": {"folder": {"id": 2, "name": "Second folder", "isTopFolder": False}}},
    "extensions": {"complexity": 121, "permissionsUsed": ["Folder:write", "Folder:read"]},
}

# Guide line 422.
GET_FOLDERS = r"""query getFolders{
  folders(where: { name: { contains: "First" } }) {
    id
    name
    isTopFolder
    products{
      ...basicProductFields
    }
  }
}

fragment basicProductFields on Product {
  id
  name
  status
  productNumber
  harmonizedCommodityCode
  harmonizedCommodityCodeDescription
  internalComment
  isBundle
  isSerializableProduct
  createdAt
  updatedAt
}"""

# Guide line 453.
GET_FOLDERS_RESPONSE = {
    "data": {"folders": [{"id": 1, "name": "First folder", "isTopFolder": True, "products": []}]},
    "extensions": {"complexity": 121, "permissionsUsed": ["Folder:read", "Folder.Product:read"]},
}

# Guide line 487.
CREATE_BRAND = r"""mutation addBrand {
  createBrand(input: {
    name: "My Brand",
  	uri: "my-brand",
    addToStores: { id: 1 } }
  ) {
    brand {
      id
      name
    }
    userErrors {
      message
      path
    }
  }
}"""

# Guide line 508.
CREATE_BRAND_RESPONSE = {
    "data": {"createBrand": {"brand": {"id": 1, "name": "My Brand"}, "userErrors": []}},
    "extensions": {"complexity": 121, "permissionsUsed": ["Brand:write", "Brand:read"]},
}

# Guide line 533.
GET_BRANDS = r"""query getBrands {
  brands(where: { name: { contains: "My Brand" } } )
  {
    id
    name
  }
}"""

# Guide line 545.
GET_BRANDS_RESPONSE = {
    "data": {"brands": [{"id": 1, "name": "My Brand"}]},
    "extensions": {"complexity": 121, "permissionsUsed": ["Brand:read"]},
}

# Guide line 574.
CREATE_COLLECTION = r"""mutation addCollection {
  createCollection(input: {
    name: "Collection 1",
    status: ACTIVE
  }) {
    collection {
      id
      name
      status      
    }
    userErrors {
      message
      path
    }
  }
}"""

# Guide line 595.
CREATE_COLLECTION_RESPONSE = {
    "data": {
        "createCollection": {
            "collection": {"id": 1, "name": "Collection 1", "status": "ACTIVE"},
            "userErrors": [],
        }
    },
    "extensions": {"complexity": 121, "permissionsUsed": ["Collection:write", "Collection:read"]},
}

# Guide line 621.
GET_COLLECTIONS = r"""query getCollections {
  collections(where: { name: { contains: "Col" } } )
  {
    id
    name
  }
}"""

# Guide line 633.
GET_COLLECTIONS_RESPONSE = {
    "data": {"collections": [{"id": 1, "name": "Collection 1"}]},
    "extensions": {"complexity": 121, "permissionsUsed": ["Collection:read"]},
}

# Guide line 662.
GET_SIZE_CHARTS = r"""query getSizeChartsAndSizes {
  sizeCharts{
    id
    name
    sizes {
      id
      name
    }
  }
}"""

# Guide line 677.
GET_SIZE_CHARTS_RESPONSE = {
    "data": {
        "sizeCharts": [
            {"id": 1, "name": "One Size", "sizes": [{"id": 1, "name": "One Size"}]},
            {
                "id": 2,
                "name": "S-XXL",
                "sizes": [
                    {"id": 2, "name": "S"},
                    {"id": 3, "name": "M"},
                    {"id": 4, "name": "L"},
                    {"id": 5, "name": "XL"},
                    {"id": 6, "name": "XXL"},
                ],
            },
        ]
    },
    "extensions": {"complexity": 121, "permissionsUsed": ["SizeChart:read"]},
}

# Guide line 734.
CREATE_SIZE_CHART_ONE_SIZE = r"""mutation addSizeChart {
  createSizeChart(
    input: {
      name: "One Size"
      dividerSymbol: "x"  
      horizontalLabels: ["One Size"]
      verticalLabels: []
      displayUnit: ""
      displayDividedBy: 0
    }
  ) {
    sizeChart {
      id
      name
      sizes {id name}
      horizontalLabels
      verticalLabels
      dividerSymbol
    }
    userErrors {
      message
      path
    }
  }
}"""

# Guide line 764.
CREATE_SIZE_CHART_ONE_SIZE_RESPONSE = {
    "data": {
        "createSizeChart": {
            "userErrors": [],
            "sizeChart": {
                "id": 1,
                "name": "One Size",
                "sizes": [{"id": 1, "name": "One Size"}],
                "horizontalLabels": ["One Size"],
                "verticalLabels": None,
                "dividerSymbol": "x",
            },
        }
    },
    "extensions": {"complexity": 121, "permissionsUsed": ["SizeChart:write", "SizeChart:read"]},
}

# Guide line 798.
CREATE_SIZE_CHART_SML = r"""mutation addSizeChart {
  createSizeChart(
    input: {
      name: "Shirts SML"
      dividerSymbol: "x"  
      horizontalLabels: ["S", "M", "L"]
      verticalLabels: []
      displayUnit: ""
      displayDividedBy: 0
    }
  ) {
    sizeChart {
      id
      name
      sizes {id name}
      horizontalLabels
      verticalLabels
      dividerSymbol
    }
    userErrors {
      message
      path
    }
  }
}"""

# Guide line 828.
CREATE_SIZE_CHART_SML_RESPONSE = {
    "data": {
        "createSizeChart": {
            "userErrors": [],
            "sizeChart": {
                "id": 2,
                "name": "Shirts SML",
                "sizes": [{"id": 2, "name": "S"}, {"id": 3, "name": "M"}, {"id": 4, "name": "L"}],
                "horizontalLabels": ["S", "M", "L"],
                "verticalLabels": None,
                "dividerSymbol": "x",
            },
        }
    },
    "extensions": {"complexity": 121, "permissionsUsed": ["SizeChart:write", "SizeChart:read"]},
}

# Guide line 872.
CREATE_SIZE_CHART_ANY = r"""mutation addSizeChart {
  createSizeChart(
    input: {
      name: "Any size chart"
      dividerSymbol: "x"  
      horizontalLabels: ["X", "Y", "Z"]
      verticalLabels: ["A", "B"]
      displayUnit: ""
      displayDividedBy: 0
    }
  ) {
    sizeChart {
      id
      name
      sizes {id name}
      horizontalLabels
      verticalLabels
      dividerSymbol
    }
    userErrors {
      message
      path
    }
  }
}"""

# Guide line 902.
CREATE_SIZE_CHART_ANY_RESPONSE = {
    "data": {
        "createSizeChart": {
            "userErrors": [],
            "sizeChart": {
                "id": 3,
                "name": "Any size chart",
                "sizes": [
                    {"id": 5, "name": "XxA"},
                    {"id": 6, "name": "XxB"},
                    {"id": 7, "name": "YxA"},
                    {"id": 8, "name": "YxB"},
                    {"id": 9, "name": "ZxA"},
                    {"id": 10, "name": "ZxB"},
                ],
                "horizontalLabels": ["X", "Y", "Z"],
                "verticalLabels": ["A", "B"],
                "dividerSymbol": "x",
            },
        }
    },
    "extensions": {"complexity": 121, "permissionsUsed": ["SizeChart:write", "SizeChart:read"]},
}

# Guide line 971.
REMOVE_SIZE_CHART = r"""mutation deleteSizeChart {
  removeSizeChart(
    id: 3
  ) {
    userErrors {
      message
      path
    }
  }
}"""

# Guide line 988.
REMOVE_SIZE_CHART_RESPONSE = {
    "data": {"removeSizeChart": {"userErrors": []}},
    "extensions": {"complexity": 121, "permissionsUsed": ["SizeChart:write"]},
}

# Guide line 1016.
CREATE_MEASUREMENT_CHART = r"""mutation addMeasurementChart {
  createMeasurementChart(
    input: {
      name: "Shirts"
      horizontalLabels: ["S", "M", "L"]
      verticalLabels: ["Chest", "Sleeve"]
      displayUnit: "cm"
      values: [
        {horizontalLabel: "S", verticalLabel: "Chest", value: "80"},
        {horizontalLabel: "S", verticalLabel: "Sleeve", value: "55"},
        {horizontalLabel: "M", verticalLabel: "Chest", value: "85"},
        {horizontalLabel: "M", verticalLabel: "Sleeve", value: "58"},
        {horizontalLabel: "L", verticalLabel: "Chest", value: "90"},
        {horizontalLabel: "L", verticalLabel: "Sleeve", value: "60"}
      ]
    }
  ) {
    measurementChart {
      id
      name
      horizontalLabels
      verticalLabels
      displayUnit
      contentJSON
    }
    userErrors {
      message
      path
    }
  }
}"""

# Guide line 1052.
CREATE_MEASUREMENT_CHART_RESPONSE = {
    "data": {
        "createMeasurementChart": {
            "measurementChart": {
                "id": 5,
                "name": "Shirts",
                "horizontalLabels": ["S", "M", "L"],
                "verticalLabels": ["Chest", "Sleeve"],
                "displayUnit": "cm",
                "contentJSON": '{"Chest":{"S":"80","M":"85","L":"90"},"Sleeve":{"S":"55","M":"58","L":"60"}}',
            },
            "userErrors": [],
        }
    },
    "extensions": {"complexity": 112, "permissionsUsed": ["MeasurementChart:write"]},
}

# Guide line 1089.
REMOVE_MEASUREMENT_CHART = r"""mutation deleteMeasurementChart {
  removeMeasurementChart(id: 5) {
    userErrors {
      message
      path
    }
  }
}"""

# Guide line 1102.
REMOVE_MEASUREMENT_CHART_RESPONSE = {
    "data": {"removeMeasurementChart": {"userErrors": []}},
    "extensions": {"complexity": 112, "permissionsUsed": ["MeasurementChart:write"]},
}

# Guide line 1130.
GET_WAREHOUSES = r"""query getWarehouses {
  warehouses(where: { name: { contains: "Retail" } }, sort: [id_ASC]) {
    id
    name
    status
  }
}"""

# Guide line 1142.
GET_WAREHOUSES_RESPONSE = {
    "data": {"warehouses": [{"id": 3, "name": "Retail", "status": "ACTIVE"}]},
    "extensions": {"complexity": 121, "permissionsUsed": ["Warehouse:read"]},
}

# Guide line 1174.
CREATE_PRODUCT = r"""mutation addProduct {
  createProduct(input: {
    name: "First Product"
    status: ACTIVE
    productNumber: "Prod123"
    brand: { id: 1 }
    collection: { id: 2 }
    folder: { id: 1 }
    countryOfOrigin: { code: "DE" }
    harmonizedCommodityCode: "HCC123"
    harmonizedCommodityCodeDescription: "Harm Code Description"
  }) {
    product { 
      id
      name
      status
      productNumber
      brand { name }
      collection { name }
      folder { name }
      harmonizedCommodityCode
      harmonizedCommodityCodeDescription
    }
    userErrors {
      message
      path
    }
  }
}"""

# Guide line 1208.
CREATE_PRODUCT_RESPONSE = {
    "data": {
        "createProduct": {
            "product": {
                "id": 1,
                "name": "First Product",
                "status": "ACTIVE",
                "productNumber": "Prod123",
                "brand": {"name": "Base Brand"},
                "collection": {"name": "AW21"},
                "folder": {"name": "Shop"},
                "harmonizedCommodityCode": "HCC123",
                "harmonizedCommodityCodeDescription": "Harm Code Description",
            },
            "userErrors": [],
        }
    },
    "extensions": {
        "complexity": 121,
        "permissionsUsed": [
            "Product:write",
            "Product:read",
            "Product.Brand:read",
            "Product.Collection:read",
            "Product.Folder:read",
        ],
    },
}

# Guide line 1251.
CREATE_VARIANT_CHAIR = r"""mutation createVariant {
  createProductVariant(input: {
    product: { id: 1 }
    name: "First Product"
    status: ACTIVE
    variantNumber: "Var123"
    internalName: "vrnt"
    unitCost: {   # MonetaryValueInput
      value: 41
      currencyIsoCode: "EUR"
    }
    sizeChart: { id: 1 }
  }) {
    productVariant {
      id
    }
    userErrors {
      message
      path
    }
  }
}"""

# Guide line 1278.
CREATE_VARIANT_CHAIR_RESPONSE = {
    "data": {"createProductVariant": {"productVariant": {"id": 1}, "userErrors": []}},
    "extensions": {
        "complexity": 121,
        "permissionsUsed": ["ProductVariant:write", "ProductVariant:read"],
    },
}

# Guide line 1306.
CREATE_ONE_SIZE = r"""mutation createOneSize {
  createProductSize(
    input: {
      productVariant: { id: 1 },
      size: { id: 1 },
      gtin: "EAN000111",
      sizeNumber: "111"
    }
  ) {
    productSize {
      id
      GTIN
      sizeNumber
    }
    userErrors {
      message
      path
    }
  }
}"""

# Guide line 1333.
CREATE_ONE_SIZE_RESPONSE = {
    "data": {
        "createProductSize": {
            "productSize": {"id": 279, "GTIN": "EAN000111", "sizeNumber": "111"},
            "userErrors": [],
        }
    },
    "extensions": {
        "complexity": 121,
        "permissionsUsed": ["ProductVariant:write", "ProductSize:read"],
    },
}

# Guide line 1363.
CREATE_VARIANT_SWEATER = r"""mutation createVariant {
  createProductVariant(input: {
    product: { id: 1 }
    name: "First Product"
    status: ACTIVE
    variantNumber: "Var456"
    internalName: "vrnt2"
    unitCost: {   # MonetaryValueInput
      value: 60
      currencyIsoCode: "EUR"
    }
    sizeChart: { id: 2 }
  }) {
    productVariant {
      id
    }
    userErrors {
      message
      path
    }
  }
}"""

# Guide line 1390.
CREATE_VARIANT_SWEATER_RESPONSE = {
    "data": {"createProductVariant": {"productVariant": {"id": 2}, "userErrors": []}},
    "extensions": {
        "complexity": 121,
        "permissionsUsed": ["ProductVariant:write", "ProductVariant:read"],
    },
}

# Guide line 1418.
CREATE_MULTIPLE_SIZES = r"""mutation createMultipleSizes {
  createProductSize(
    input: {
      productVariant: { id: 2 },
      size: { name: "S" },
      gtin: "EAN123456789S",
      sizeNumber: "789S"
    }
  )
  {
    productSize {
      id
      GTIN
      sizeNumber
    }
    userErrors {
      message
      path
    }
  }
}"""

# Guide line 1444.
CREATE_MULTIPLE_SIZES_RESPONSE = {
    "data": {
        "createProductSize": {
            "productSize": {"id": 281, "GTIN": "EAN123456789S", "sizeNumber": "789S"},
            "userErrors": [],
        }
    },
    "extensions": {
        "complexity": 121,
        "permissionsUsed": ["ProductVariant:write", "ProductSize:read"],
    },
}

# Guide line 1476.
BUNDLE_PLACEHOLDER = r"""query something {
	placeholder
}"""

# Guide line 1484: the bundle example's "response", a copy of its request.
BUNDLE_PLACEHOLDER_RESPONSE = r"""query something {
	placeholder
}"""

# Guide line 1496.
ASSIGN_MEASUREMENT_CHART = r"""mutation editProduct {
  updateProduct(id: 1, input: {
      measurementTable: {
          inherited: false
          measurementChart: {id: 6}
      }
  }) {
    product { 
      id
      name
      status
      productNumber
      brand { name }
      collection { name }
      folder { name }
      measurementTable{ chart { name } }
    }
    userErrors {
      message
      path
    }
  }
}"""

# Guide line 1524.
ASSIGN_MEASUREMENT_CHART_RESPONSE = {
    "data": {
        "updateProduct": {
            "product": {
                "id": 1,
                "name": "First Product",
                "status": "ACTIVE",
                "productNumber": "Prod123",
                "brand": {"name": "My Brand"},
                "collection": {"name": "AW20"},
                "folder": {"name": "Shirts"},
                "measurementTable": {"chart": {"name": "Shirts"}},
            },
            "userErrors": [],
        }
    },
    "extensions": {
        "complexity": 112,
        "permissionsUsed": [
            "Product:write",
            "Product:read",
            "Product.Brand:read",
            "Product.Collection:read",
            "Product.Folder:read",
            "Product.MeasurementTable:read",
        ],
    },
}

# Guide line 1571.
UNASSIGN_MEASUREMENT_CHART = r"""mutation editProduct {
  updateProduct(id: 1, input: {
      measurementTable: {
          inherited: false
          measurementChart: {id: null}
      }
  }) {
    product { 
      id
      name
      status
      productNumber
      brand { name }
      collection { name }
      folder { name }
      measurementTable{ chart { name } }
    }
    userErrors {
      message
      path
    }
  }
}"""

# Guide line 1599.
UNASSIGN_MEASUREMENT_CHART_RESPONSE = {
    "data": {
        "updateProduct": {
            "product": {
                "id": 1,
                "name": "First Product",
                "status": "ACTIVE",
                "productNumber": "Prod123",
                "brand": {"name": "My Brand"},
                "collection": {"name": "AW20"},
                "folder": {"name": "Shirts"},
                "measurementTable": None,
            },
            "userErrors": [],
        }
    },
    "extensions": {
        "complexity": 112,
        "permissionsUsed": [
            "Product:write",
            "Product:read",
            "Product.Brand:read",
            "Product.Collection:read",
            "Product.Folder:read",
            "Product.MeasurementTable:read",
        ],
    },
}

# Guide line 1644.
DISPLAY_FIELDS = r"""fragment displayFields on Display {
    # basic fields
    id
    name
    status
    uri
    minimumOrderQuantity
    orderQuantityDenominator
    description
    shortDescription
    metaTitle
    metaDescription
    metaKeywords
    comment
    tags
    updatedAt

    # relations
    categories { id name }
    canonicalCategory { id name }
    displayItems { id productVariant { id name } }
    localized {
        language { id name }
        translations { value field }
    }
    markets { id name }
    media { id }
    prices { id }
    campaignVariants { id }
    product { id name }
    productVariants { id name }
    related { id }
    store { id name }
    taxGroup { id name}
}"""

# Guide line 1690.
LIST_DISPLAYS = r"""query listDisplays {
    displays(limit: 10) {
        ...displayFields
    }
}"""

# Guide line 1700.
SCROLL_DISPLAYS = r"""query scrollDisplays {
    displayConnection(first: 10) {
        edges {
            node {
                ...displayFields
            }
        }
        pageInfo {
            hasNextPage
            endCursor
        }
    }
}"""

# Guide line 1724.
CREATE_DISPLAY = r"""mutation create {
    createDisplay(input: {
        name: "New display!"
        status: ACTIVE
        store: {id: 1}
        product: {id: 12}
    }) {
        userErrors {
            message path
        }
        display {
            ...displayFields
        }
    }
}"""

# Guide line 1744.
DISPLAY_CREATE_INPUT = r"""input DisplayCreateInput {
    # basic required fields
    store: StoreInput!
    product: ProductInput!
    name: String!
    status: Status!

    # basic optional fields
    "If not provided, it will be auto-generated based on display name."
    uri: String
    minimumOrderQuantity: Int
    orderQuantityDenominator: Int
    description: String
    shortDescription: String
    metaTitle: String
    metaDescription: String
    metaKeywords: String
    comment: String
    tags: [String!]

    # relations to other types
    canonicalCategory: CategoryInput
    addCategories: [CategoryInput!]
    addMarkets: [MarketInput!]
    addProductMedia: [ProductMediaAddInput!]
    addProductVariants: [ProductVariantAddInput!]
    taxGroup: TaxGroupInput
}"""

# Guide line 1779.
ADD_VARIANTS_TO_DISPLAY = r"""mutation addVariantsToDisplay {
  updateDisplay(
    id: 345
    input: { addProductVariants: { productVariant: { id: 1913 } } }
  ) {
    userErrors {
      message
      path
    }
    display {
      ...displayFields
    }
  }
}"""

# Guide line 1800.
UPDATE_DISPLAY = r"""mutation update {
    updateDisplay(id: 1 input: {
        # ... fields to be updated
    }) {
        userErrors {
            message path
        }
        display {
            ...displayFields
        }
    }
}"""

# Guide line 1817.
DISPLAY_UPDATE_INPUT = r"""input DisplayUpdateInput {
    name: String
    status: Status
    uri: String    # If empty string is provided, it will be auto-generated based on display name
    minimumOrderQuantity: Int
    orderQuantityDenominator: Int
    description: String
    shortDescription: String
    metaTitle: String
    metaDescription: String
    metaKeywords: String
    comment: String
    tags: [String!]

    canonicalCategory: CategoryInput
    addCategories: [CategoryInput!]
    removeCategories: [CategoryInput!]
    addMarkets: [MarketInput!]
    removeMarkets: [MarketInput!]
    addProductMedia: [ProductMediaAddInput!]
    removeProductMedia: [ProductMediaInput!]
    addProductVariants: [ProductVariantAddInput!]
    removeProductVariants: [ProductVariantInput!]
    taxGroup: TaxGroupInput
}"""

# Guide line 1855.
GET_WEIGHT = r"""query getWeight {
  product(id: 1) {
    id
    name
    weight {
      ...weightFields
    }
    variants {
      id
      name
      productSizes {
      description
        weight {
          ...weightFields
        }
      }
    }
  }
}

fragment weightFields on Weight {
  value
  unit
  formattedValue
}"""

# Guide line 1885.
GET_WEIGHT_RESPONSE = {
    "data": {
        "product": {
            "id": 1,
            "name": "First product",
            "weight": {"value": 1, "unit": "KILOGRAMS", "formattedValue": "1.000 kg"},
            "variants": [
                {
                    "id": 1,
                    "name": "First variant",
                    "productSizes": [
                        {
                            "description": "One Size",
                            "weight": {
                                "value": 1,
                                "unit": "KILOGRAMS",
                                "formattedValue": "1.000 kg",
                            },
                        }
                    ],
                }
            ],
        }
    },
    "extensions": {
        "complexity": 112,
        "permissionsUsed": ["Product:read", "Product.ProductVariant:read"],
    },
}

# Guide line 1928.
UPDATE_WEIGHT = r"""mutation updateWeight {
  updateProduct(id: 1, input: {
    weight: {
      value: 3
      unit: KILOGRAMS
    }
  }) {
    userErrors {
      message
      path
    }
    product {
      weight {
        ...weightFields
      }
    }
  }
}

fragment weightFields on Weight {
  value
  unit
  formattedValue
}"""

# Guide line 1957.
UPDATE_WEIGHT_RESPONSE = {
    "data": {
        "product": {
            "id": 1,
            "name": "First product",
            "weight": {"value": 3, "unit": "KILOGRAMS", "formattedValue": "1.000 kg"},
            "variants": [
                {
                    "id": 1,
                    "name": "First variant",
                    "productSizes": [
                        {"weight": {"value": 3, "unit": "KILOGRAMS", "formattedValue": "1.000 kg"}}
                    ],
                }
            ],
        }
    },
    "extensions": {
        "complexity": 112,
        "permissionsUsed": ["Product:read", "Product.ProductVariant:read"],
    },
}

# Guide line 2005.
GET_PRICELISTS = r"""query getPricelists {
  pricelists(where: { name: { contains: "SEK" } }, sort: [id_ASC]) {
    ...pricelistCustomDetails
  }
}

fragment pricelistCustomDetails on Pricelist {
  id
  name
  status
}"""

# Guide line 2021.
GET_PRICELISTS_RESPONSE = {
    "data": {
        "pricelists": [
            {"id": 1, "name": "SEK", "status": "ACTIVE"},
            {"id": 3, "name": "VIP-SEK", "status": "ACTIVE"},
        ]
    },
    "extensions": {"complexity": 121, "permissionsUsed": ["Pricelist:read"]},
}

# Guide line 2052.
CREATE_PRICELIST = r"""mutation CreatePricelist {
  createPricelist(input: {
    name: "Test pricelist SEK"
    status: INACTIVE
    store: {
      id: 1
    }
    currencyIsoCode: "SEK"
    defaultShippingOption: {
      id: 1
    },
    addCountries: [
      {
        code: "SE"
      }
    ]
  }) {
    pricelist {
      id
      name
      status
      store { id name type }
      currency { code }
      assignedToCountries { id name }
      defaultShippingOption { id name }
    }
    userErrors { message path }
  }
}"""

# Guide line 2086.
CREATE_PRICELIST_RESPONSE = {
    "data": {
        "createPricelist": {
            "pricelist": {
                "id": 36,
                "name": "Test pricelist SEK",
                "status": "INACTIVE",
                "store": {"id": 1, "name": "Retail Store", "type": "DIRECT_TO_CONSUMER"},
                "currency": {"code": "SEK"},
                "assignedToCountries": [{"id": 6, "name": "Sweden"}],
                "defaultShippingOption": {"id": 1, "name": "SEK"},
            },
            "userErrors": [],
        }
    },
    "extensions": {
        "complexity": 125,
        "permissionsUsed": [
            "Pricelist:write",
            "Pricelist:read",
            "Store:read",
            "Country:read",
            "ShippingOption:read",
        ],
        "appVersion": "v0.16.1",
    },
}

# Guide line 2134.
UPDATE_PRICELIST = r"""mutation UpdatePricelist {
  updatePricelist(id: 36, input: {
    status: ACTIVE
  }) {
    pricelist {
      id
      name
      status
      store { id name type }
      currency { code }
      assignedToCountries { id name }
      defaultShippingOption { id name }
    }
    userErrors { message path }
  }
}"""

# Guide line 2155.
UPDATE_PRICELIST_RESPONSE = {
    "data": {
        "updatePricelist": {
            "pricelist": {
                "id": 36,
                "name": "Test pricelist SEK",
                "status": "ACTIVE",
                "store": {"id": 1, "name": "Retail Store", "type": "DIRECT_TO_CONSUMER"},
                "currency": {"code": "SEK"},
                "assignedToCountries": [{"id": 6, "name": "Sweden"}],
                "defaultShippingOption": {"id": 1, "name": "SEK"},
            },
            "userErrors": [],
        }
    },
    "extensions": {
        "complexity": 125,
        "permissionsUsed": [
            "Pricelist:write",
            "Pricelist:read",
            "Store:read",
            "Country:read",
            "ShippingOption:read",
        ],
        "appVersion": "v0.16.1",
    },
}

# Guide line 2203.
DELETE_PRICELIST = r"""mutation DeletePricelist {
  deletePricelist(id: 36) {
    userErrors { message path }
  }
}"""

# Guide line 2213.
DELETE_PRICELIST_RESPONSE = {
    "data": {"deletePricelist": {"userErrors": []}},
    "extensions": {
        "complexity": 111,
        "permissionsUsed": ["Pricelist:write"],
        "appVersion": "v0.16.1",
    },
}

# Guide line 2238.
CREATE_PRICE_ALTERATION = r"""mutation CreatePriceAlteration {
  createPriceAlteration(
    input: {
      name: "First price alteration"
      status: INACTIVE
      store: {
        id: 2
      }
      startDate: "2022-03-29T00:00:00+0000"
    }
  ) {
    priceAlteration {
      id
      name
      startDate
      status
      store { id }
      deliveryWindows { id }
    }
    userErrors { message path }
  }
}"""

# Guide line 2265.
CREATE_PRICE_ALTERATION_RESPONSE = {
    "data": {
        "createPriceAlteration": {
            "priceAlteration": {
                "id": 1,
                "name": "First price alteration",
                "startDate": "2022-03-29",
                "status": "INACTIVE",
                "store": {"id": 2},
                "deliveryWindows": [],
            },
            "userErrors": [],
        }
    },
    "extensions": {
        "complexity": 123,
        "permissionsUsed": ["Price:write", "Price:read", "Store:read", "DeliveryWindow:read"],
        "appVersion": "unknown",
    },
}

# Guide line 2299.
UPDATE_PRICE_ALTERATION = r"""mutation UpdatePriceAlteration {
  updatePriceAlteration(
    id: 1
    input: {
      status: ACTIVE
    }
  ) {
    priceAlteration { id
      name
      startDate
      status
      store {
        id
      }
      deliveryWindows {
        id
      }
    }
    userErrors { message path }
  }
}"""

# Guide line 2325.
UPDATE_PRICE_ALTERATION_RESPONSE = {
    "data": {
        "updatePriceAlteration": {
            "priceAlteration": {
                "id": 1,
                "name": "First price alteration",
                "startDate": "2022-03-29",
                "status": "ACTIVE",
                "store": {"id": 2},
                "deliveryWindows": [],
            },
            "userErrors": [],
        }
    },
    "extensions": {
        "complexity": 123,
        "permissionsUsed": ["Price:write", "Price:read", "Store:read", "DeliveryWindow:read"],
        "appVersion": "unknown",
    },
}

# Guide line 2361.
SET_ALTERED_PRICES = r"""mutation SetAlteredPrices {
  setAlteredPrices(input: {
    priceAlteration: {
      id: 1
    },
    pricelist: {
      id: 21
    },
    productPrices: [
      {
        product: {
          id: 1
        }
        price: {
          value: 1000
          currencyIsoCode: "SEK"
        }
      }
    ]
  }){
    priceAlteration {
      id
    }
    pricelist {
      id
    }
    products {
      id name
    }
    userErrors {
      message path
    }
  }
}"""

# Guide line 2400.
SET_ALTERED_PRICES_RESPONSE = {
    "data": {
        "setAlteredPrices": {
            "priceAlteration": {"id": 1},
            "pricelist": {"id": 21},
            "products": [{"id": 1, "name": "First Product"}],
            "userErrors": [],
        }
    },
    "extensions": {
        "complexity": 123,
        "permissionsUsed": ["Price:write", "Price:read", "Pricelist:read", "Product:read"],
        "appVersion": "unknown",
    },
}

# Guide line 2438.
GET_PRICE_ALTERATION = r"""query PriceAlteration {
  priceAlteration(id: 1) {
    name
    startDate
    status
    store { id }
    prices(where: { pricelistId: 21, productId: 1 }) {
      id
      price { formattedValue }
      recommendedRetailPrice { formattedValue }
      pricelist { id, name }
      product { id, name }
      productVariant { id, name}
    }
  }
}"""

# Guide line 2459.
GET_PRICE_ALTERATION_RESPONSE = {
    "data": {
        "priceAlteration": {
            "name": "First price alteration",
            "startDate": "2022-03-29",
            "status": "ACTIVE",
            "store": {"id": 2},
            "prices": [
                {
                    "id": 4,
                    "price": {"formattedValue": "1 000.00 SEK"},
                    "recommendedRetailPrice": None,
                    "pricelist": {"id": 21, "name": "SEK"},
                    "product": {"id": 1, "name": "First Product"},
                    "productVariant": {"id": 2, "name": "First Product"},
                }
            ],
        }
    },
    "extensions": {
        "complexity": 122,
        "permissionsUsed": ["Price:read", "Store:read"],
        "appVersion": "unknown",
    },
}

# Guide line 2511.
PRODUCT_LIST = r"""query productList(
  $status: [ProductStatus!]! = [INACTIVE, ACTIVE]
  $page: Int! = 1
) {
  products(
    where: { status: $status }
    sort: [updatedAt_DESC]
    limit: 10
    page: $page
  ) {
    ...basicProductFields
    variants{
      ...basicVariantFields
      productSizes{
        ...basicSizeFields
      }
    }
  }

  counters {
    products(where: { status: $status })
  }
}

fragment basicProductFields on Product {
  id
  name
  status
  productNumber
  harmonizedCommodityCode
  harmonizedCommodityCodeDescription
  internalComment
  isBundle
  isSerializableProduct
  harmonizedCommodityCode
  harmonizedCommodityCodeDescription
  createdAt
  updatedAt
}

fragment basicVariantFields on ProductVariant {
  id
  name
  status
  variantNumber
  internalName
  unitCost {
    value
    currency {
      code
    }
    formattedValue
  }
  updatedAt(format: "Y-m-d\\TH:i:sO")
}

fragment basicSizeFields on ProductSize {
  id
  description
  sizeNumber
  GTIN
}"""

# Guide line 2580.
PRODUCT_LIST_RESPONSE = {
    "data": {
        "products": [
            {
                "id": 1,
                "name": "First Product",
                "status": "ACTIVE",
                "productNumber": "Prod123",
                "harmonizedCommodityCode": "HCC123",
                "harmonizedCommodityCodeDescription": "Harm Code Description",
                "internalComment": None,
                "isBundle": False,
                "isSerializableProduct": False,
                "createdAt": "2021-12-31T13:44:23+0100",
                "updatedAt": "2022-01-03T11:43:56+0100",
                "variants": [
                    {
                        "id": 1,
                        "name": "First Product",
                        "status": "ACTIVE",
                        "variantNumber": "Var123",
                        "internalName": "vrnt",
                        "unitCost": {
                            "value": 41,
                            "currency": {"code": "EUR"},
                            "formattedValue": "41.00 EUR",
                        },
                        "updatedAt": "2022-01-03T11:44:02+0100",
                        "productSizes": [
                            {
                                "id": 279,
                                "description": "One Size",
                                "sizeNumber": "789S",
                                "GTIN": "EAN123456789S",
                                "SKU": "Prod123Var123789S",
                            }
                        ],
                    },
                    {
                        "id": 2,
                        "name": "First Product",
                        "status": "ACTIVE",
                        "variantNumber": "Var456",
                        "internalName": "vrnt2",
                        "unitCost": {
                            "value": 60,
                            "currency": {"code": "EUR"},
                            "formattedValue": "60.00 EUR",
                        },
                        "updatedAt": "2022-01-03T11:44:06+0100",
                        "productSizes": [
                            {
                                "id": 280,
                                "description": "S",
                                "sizeNumber": "789S",
                                "GTIN": "EAN123456789S",
                                "SKU": "Prod123Var456789S",
                            },
                            {
                                "id": 281,
                                "description": "M",
                                "sizeNumber": "789M",
                                "GTIN": "EAN123456789M",
                                "SKU": "Prod123Var456789M",
                            },
                            {
                                "id": 282,
                                "description": "L",
                                "sizeNumber": "789L",
                                "GTIN": "EAN123456789L",
                                "SKU": "Prod123Var456789L",
                            },
                        ],
                    },
                ],
            }
        ],
        "counters": {"products": 1},
    },
    "extensions": {
        "complexity": 121,
        "permissionsUsed": [
            "Product:read",
            "Product.InternalComment:read",
            "Product.ProductVariant:read",
            "ProductVariant.InternalName:read",
        ],
    },
}

# Guide line 2694.
PRODUCT_LIST_WITH_STOCK = r"""query productList(
  $status: [ProductStatus!]! = [INACTIVE, ACTIVE]
  $page: Int! = 1
) {
  products(
    where: { status: $status }
    sort: [updatedAt_DESC]
    limit: 10
    page: $page
  ) {
    ...basicProductFields
    variants {
      ...basicVariantFields
      productSizes {
        ...basicSizeFields
        stockTotals {
          availableQuantity
          physicalQuantity
          demandQuantity
          allocatedQuantity
          unshippedQuantity
          onDeliveryQuantity
          linkedIncomingQuantity
          unlinkedIncomingQuantity
        }
      }
    }
  }

  counters {
    products(where: { status: $status })
  }
}
fragment basicProductFields on Product {
  id
  name
  status
  productNumber
  harmonizedCommodityCode
  harmonizedCommodityCodeDescription
  internalComment
  isBundle
  isSerializableProduct
  harmonizedCommodityCode
  harmonizedCommodityCodeDescription
  createdAt
  updatedAt
}
fragment basicVariantFields on ProductVariant {
  id
  name
  status
  variantNumber
  internalName
  unitCost {
    value
    currency {
      code
    }
    formattedValue
  }
  updatedAt(format: "Y-m-d\\TH:i:sO")
}
fragment basicSizeFields on ProductSize {
  id
  description
  sizeNumber
  GTIN
  SKU
}"""

# Guide line 2787.
ADD_STOCK_ONE_SIZE = r"""mutation addStockOneSize {
  changeStock (
    input: {
      intoWarehouse: {id: 3}
      description: "New stock"
      productVariants: [
        {
          productVariant: {id: 1}
          unitCost: {
            value: 41
            currencyIsoCode: "EUR"
          }
          sizeChanges: {
            size: {id: 1}   # One Size
            deliveredQuantity: 5
          }
        }
      ]
    }
  ) {
    stockChange {id}
    userErrors {message}
  }
}"""

# Guide line 2816.
ADD_STOCK = r"""mutation addStock {
  changeStock (
    input: {
      intoWarehouse: {id: 3}
      description: "New stock"
      productVariants: [
        {
          productVariant: {id: 2}
          unitCost: {
            value: 41
            currencyIsoCode: "EUR"
          }
          sizeChanges: {
            size: {name: "S"}
            deliveredQuantity: 2
          }
        }
      ]
    }
  ) {
    stockChange {id}
    userErrors {message}
  }
}"""

# Guide line 2845.
ADD_STOCK_RESPONSE = {
    "data": {"changeStock": {"stockChange": {"id": 4284}, "userErrors": []}},
    "extensions": {
        "complexity": 121,
        "permissionsUsed": ["StockChange:write", "WarehouseDelivery:read"],
    },
}

# Guide line 2871.
REMOVE_STOCK = r"""mutation removeStock {
  changeStock (
    input: {
      outFromWarehouse: { id: 1 }
      description: "Remove stock"
      productVariants: [
        {
          productVariant: {id: 1}
          unitCost: {
            value: 41
            currencyIsoCode: "EUR"
          }
          sizeChanges: {
            size: {id: 1}   # One Size
            deliveredQuantity: 5
          }
        }
      ]
    }
  ) {
    stockChange {id}
    userErrors {message}
  }
}"""

# Guide line 2900.
REMOVE_STOCK_RESPONSE = {
    "data": {"changeStock": {"stockChange": {"id": 4284}, "userErrors": []}},
    "extensions": {
        "complexity": 121,
        "permissionsUsed": ["StockChange:write", "WarehouseDelivery:read"],
    },
}

# Guide line 2930.
MOVE_STOCK = r"""mutation moveStock {
  changeStock(
    input: {
      outFromWarehouse: { id: 1 }
      intoWarehouse: { id: 2 }
      description: "Remove stock"
      productVariants: [
        {
          productVariant: { id: 2459 }
          unitCost: { value: 41, currencyIsoCode: "EUR" }
          sizeChanges: {
            size: { id: 2 } # One Size
            deliveredQuantity: 1
          }
        }
      ]
    }
  ) {
    stockChange {
      id
    }
    userErrors {
      message
    }
  }
}"""

# Guide line 2961.
MOVE_STOCK_RESPONSE = {
    "data": {"changeStock": {"stockChange": {"id": 4284}, "userErrors": []}},
    "extensions": {
        "complexity": 121,
        "permissionsUsed": ["StockChange:write", "WarehouseDelivery:read"],
    },
}

# Guide line 2987.
ABSOLUTE_STOCK = r"""mutation absoluteStock {
  setStock(input: {
    warehouse: {id: 1}
    description: "A typical stock update"
    stockQuantityType: PHYSICAL
    productVariants: [
      {
        productVariant: {id: 1445}
        sizeStockLevels: [
          {size: {name: "XL"}, quantity: 10},
        ]
      }
    ]
  }) {
    userErrors {
      message
      path
    }
    stockChanges {
      id
    }
  }
}"""

# Guide line 3031.
PRODUCT_LIST_WITH_ATTRIBUTES = r"""query productList(
  $status: [ProductStatus!]! = [ACTIVE]
  $page: Int! = 1
) {
  products(
    where: { status: $status }
    sort: [updatedAt_DESC]
    limit: 10
    page: $page
  ) {
    ...basicProductFields
    ...attributes
    variants {
      ...basicVariantFields
      ...attributes
      productSizes {
        ...basicSizeFields
      }
    }
  }

  counters {
    products(where: { status: $status })
  }
}

fragment basicProductFields on Product {
  id
  name
  status
  productNumber
  harmonizedCommodityCode
  harmonizedCommodityCodeDescription
  internalComment
  isBundle
  isSerializableProduct
  harmonizedCommodityCode
  harmonizedCommodityCodeDescription
  createdAt
  updatedAt
}

fragment basicVariantFields on ProductVariant {
  id
  name
  status
  variantNumber
  internalName
  unitCost {
    value
    currency {
      code
    }
    formattedValue
  }
  updatedAt(format: "Y-m-d\\TH:i:sO")
}
fragment basicSizeFields on ProductSize {
  id
  description
  sizeNumber
  GTIN
  SKU
}

fragment attributes on ObjectWithAttributes {
  attributes {
    type {
      name
      isMapped
    }
    description
    objectType
    elements {
      key
      description
      kind
      ... on AttributeStringElement {
        value
      }
      ... on AttributeChoiceElement {
        isMulti
        selectedValue
        selectedValueName
      }
      ... on AttributeFileElement {
        url
      }
      ... on AttributeImageElement {
        url
        width
        height
        mimeType
      }
    }
  }
}"""

# Guide line 3135.
PRODUCT_LIST_WITH_ATTRIBUTES_RESPONSE = {
    "data": {
        "products": [
            {
                "id": 1,
                "name": "First Product",
                "status": "ACTIVE",
                "productNumber": "Prod123",
                "harmonizedCommodityCode": "HCC123",
                "harmonizedCommodityCodeDescription": "Harm Code Description",
                "internalComment": None,
                "isBundle": False,
                "isSerializableProduct": False,
                "createdAt": "2021-12-31T13:44:23+0100",
                "updatedAt": "2022-01-03T13:03:17+0100",
                "attributes": [
                    {
                        "type": {"name": "pr_long_name", "isMapped": False},
                        "description": "Long External Product Name",
                        "objectType": "Product",
                        "elements": [
                            {
                                "key": "text",
                                "description": "Long External Product Name",
                                "kind": "INPUT",
                                "value": "Test 123",
                            }
                        ],
                    }
                ],
                "variants": [
                    {
                        "id": 1,
                        "name": "Chair",
                        "status": "ACTIVE",
                        "variantNumber": "Var123",
                        "internalName": "vrnt",
                        "unitCost": {
                            "value": 41,
                            "currency": {"code": "EUR"},
                            "formattedValue": "41.00 EUR",
                        },
                        "updatedAt": "2022-01-03T12:35:25+0100",
                        "attributes": [
                            {
                                "type": {"name": "sh_swatch", "isMapped": True},
                                "description": "Showroom Color Swatch",
                                "objectType": "ProductVariant",
                                "elements": [
                                    {
                                        "key": "desc",
                                        "description": "Color",
                                        "kind": "INPUT",
                                        "value": "Blue",
                                    },
                                    {
                                        "key": "hex",
                                        "description": "Hex",
                                        "kind": "INPUT",
                                        "value": "#0000FF",
                                    },
                                    {
                                        "key": "image",
                                        "description": "Image",
                                        "kind": "IMAGE",
                                        "url": "https://sandbox.centraqa.com/client/dynamic/attributes/centra-logo_2064_png.jpg",
                                        "width": 50,
                                        "height": 50,
                                        "mimeType": "image/jpg",
                                    },
                                ],
                            }
                        ],
                        "productSizes": [
                            {
                                "id": 279,
                                "description": None,
                                "sizeNumber": "789S",
                                "GTIN": "EAN123456789S",
                                "SKU": "Prod123Var123789S",
                            }
                        ],
                    },
                    {
                        "id": 2,
                        "name": "Shirt",
                        "status": "ACTIVE",
                        "variantNumber": "Var456",
                        "internalName": "vrnt2",
                        "unitCost": {
                            "value": 60,
                            "currency": {"code": "EUR"},
                            "formattedValue": "60.00 EUR",
                        },
                        "updatedAt": "2022-01-03T12:35:33+0100",
                        "attributes": [],
                        "productSizes": [
                            {
                                "id": 280,
                                "description": "S",
                                "sizeNumber": "789S",
                                "GTIN": "EAN123456789S",
                                "SKU": "Prod123Var456789S",
                            },
                            {
                                "id": 281,
                                "description": "M",
                                "sizeNumber": "789M",
                                "GTIN": "EAN123456789M",
                                "SKU": "Prod123Var456789M",
                            },
                            {
                                "id": 282,
                                "description": "L",
                                "sizeNumber": "789L",
                                "GTIN": "EAN123456789L",
                                "SKU": "Prod123Var456789L",
                            },
                        ],
                    },
                ],
            }
        ],
        "counters": {"products": 1},
    },
    "extensions": {
        "complexity": 112,
        "permissionsUsed": [
            "Product:read",
            "Product.InternalComment:read",
            "Product.Attribute:read",
            "Product.ProductVariant:read",
            "ProductVariant.InternalName:read",
            "ProductVariant.Attribute:read",
            "Attribute:read",
        ],
    },
}

# Guide line 3296.
GET_MAPPED_ATTRIBUTES = r"""query getMappedAttributes{
  mappedAttributes(where: {typeName: {equals: "pr_materials"}}){
    id
    name
    description
    objectType
    type { name }
    elements{
      key
      description
      kind
      ... on AttributeStringElement {
        value
      }
    }
  }
}"""

# Guide line 3318.
GET_MAPPED_ATTRIBUTES_RESPONSE = {
    "data": {
        "mappedAttributes": [
            {
                "id": 7,
                "name": "Wood",
                "description": "Product materials",
                "objectType": "Product",
                "type": {"name": "pr_materials"},
                "elements": [
                    {
                        "key": "text",
                        "description": "Material description",
                        "kind": "INPUT",
                        "value": "Wood",
                    }
                ],
            },
            {
                "id": 8,
                "name": "Steel",
                "description": "Product materials",
                "objectType": "Product",
                "type": {"name": "pr_materials"},
                "elements": [
                    {
                        "key": "text",
                        "description": "Material description",
                        "kind": "INPUT",
                        "value": "Steel",
                    }
                ],
            },
            {
                "id": 9,
                "name": "Plastic",
                "description": "Product materials",
                "objectType": "Product",
                "type": {"name": "pr_materials"},
                "elements": [
                    {
                        "key": "text",
                        "description": "Material description",
                        "kind": "INPUT",
                        "value": "Plastic",
                    }
                ],
            },
        ]
    },
    "extensions": {"complexity": 232, "permissionsUsed": ["Attribute:read"]},
}

# Guide line 3392.
ASSIGN_ATTRIBUTES = r"""mutation setProductAttribute {
  assignAttributes(input: {
    objectType: Product
    objectId: 1
    mappedAttributes: [
      {
        attributeTypeName: "pr_materials"
        attributeId: 7
      }
      {
        attributeTypeName: "pr_materials"
        attributeId: 9
      }
    ]
    dynamicAttributes: [
      {
        attributeTypeName: "pr_long_name"
        attributeElementKey: "text"
        attributeElementValue: "A very, very long name, indeed!"
      }
    ]
  }) {
    userErrors {
      message
      path
    }
    object {
      ...on Product {
        id
        name
        createdAt
        updatedAt
      }
      ...attributes
    }
  }
}

fragment attributes on ObjectWithAttributes {
  attributes {
    type {
      name
      isMapped
    }
    description
    objectType
    elements {
      key
      description
      kind
      ... on AttributeStringElement {
        value
      }
      ... on AttributeChoiceElement {
        isMulti
        selectedValue
        selectedValueName
      }
      ... on AttributeFileElement {
        url
      }
      ... on AttributeImageElement {
        url
        width
        height
        mimeType
      }
    }
  }
}"""

# Guide line 3467.
ASSIGN_ATTRIBUTES_RESPONSE = {
    "data": {
        "assignAttributes": {
            "userErrors": [],
            "object": {
                "id": 1,
                "name": "First Product",
                "createdAt": "2022-03-09T12:22:26+0100",
                "updatedAt": "2022-03-11T15:33:17+0100",
                "attributes": [
                    {
                        "type": {"name": "pr_long_name", "isMapped": False},
                        "description": "Long External Product Name",
                        "objectType": "Product",
                        "elements": [
                            {
                                "key": "text",
                                "description": "Long External Product Name",
                                "kind": "INPUT",
                                "value": "A very, very long name, indeed!",
                            }
                        ],
                    },
                    {
                        "type": {"name": "pr_materials", "isMapped": True},
                        "description": "Product materials",
                        "objectType": "Product",
                        "elements": [
                            {
                                "key": "text",
                                "description": "Material description",
                                "kind": "INPUT",
                                "value": "Wood",
                            }
                        ],
                    },
                    {
                        "type": {"name": "pr_materials", "isMapped": True},
                        "description": "Product materials",
                        "objectType": "Product",
                        "elements": [
                            {
                                "key": "text",
                                "description": "Material description",
                                "kind": "INPUT",
                                "value": "Plastic",
                            }
                        ],
                    },
                ],
            },
        }
    },
    "extensions": {
        "complexity": 232,
        "permissionsUsed": ["Attribute:write", "Product.Attribute:read", "Attribute:read"],
    },
}

# Guide line 3547.
UNASSIGN_ATTRIBUTES = r"""mutation unsetProductAttribute {
  unassignAttributes(input: {
    objectType: Product
    objectId: 1
    mappedAttributes: [
      {
        attributeTypeName: "pr_materials"
        attributeId: 7
      }
      {
        attributeTypeName: "pr_materials"
        attributeId: 9
      }
    ]
    dynamicAttributes: [
      {
        attributeTypeName: "pr_long_name"
        attributeElementKey: "text"
      }
    ]
  }) {
    userErrors {
      message
      path
    }
    object {
      ...on Product {
        id
        name
        createdAt
        updatedAt
      }
      ...attributes
    }
  }
}

fragment attributes on ObjectWithAttributes {
  attributes {
    type {
      name
      isMapped
    }
    description
    objectType
    elements {
      key
      description
      kind
      ... on AttributeStringElement {
        value
      }
      ... on AttributeChoiceElement {
        isMulti
        selectedValue
        selectedValueName
      }
      ... on AttributeFileElement {
        url
      }
      ... on AttributeImageElement {
        url
        width
        height
        mimeType
      }
    }
  }
}"""

# Guide line 3621.
UNASSIGN_ATTRIBUTES_RESPONSE = {
    "data": {
        "unassignAttributes": {
            "userErrors": [],
            "object": {
                "id": 1,
                "name": "First Product",
                "createdAt": "2022-03-09T12:22:26+0100",
                "updatedAt": "2022-03-11T15:54:32+0100",
                "attributes": [],
            },
        }
    },
    "extensions": {
        "complexity": 232,
        "permissionsUsed": ["Attribute:write", "Product.Attribute:read"],
    },
}

# Guide line 3651.
ASSIGN_MAPPED_ON_PRODUCT = r"""mutation setAttributesOnProduct {
  updateProduct(id: 1, input: {
    assignMappedAttributes: [
      {
        attributeTypeName: "pr_materials"
        attributeId: 7
      }
      {
        attributeTypeName: "pr_materials"
        attributeId: 9
      }
    ]
  }) {
    userErrors {
      message
      path
    }
  }
}"""

# Guide line 3675.
UNASSIGN_MAPPED_ON_PRODUCT = r"""mutation unsetAttributesOnProduct {
  updateProduct(id: 1, input: {
    unassignMappedAttributes: [
      {
        attributeTypeName: "pr_materials"
        attributeId: 7
      }
      {
        attributeTypeName: "pr_materials"
        attributeId: 9
      }
    ]
  }) {
    userErrors {
      message
      path
    }
  }
}"""

# Guide line 3705.
GET_LANGUAGES = r"""query languages {
  languages(where: {isAvailableForLocalization: true}) {
    id
    name
    languageCode
    countryCode
    isActive
  }
}"""

# Guide line 3721.
GET_LANGUAGES_RESPONSE = {
    "data": {
        "languages": [
            {
                "id": 5,
                "name": "German",
                "languageCode": "de",
                "countryCode": "DE",
                "isActive": True,
            },
            {
                "id": 2,
                "name": "Swedish",
                "languageCode": "sv",
                "countryCode": "SE",
                "isActive": True,
            },
        ]
    },
    "extensions": {
        "complexity": 232,
        "permissionsUsed": ["Language:read"],
        "appVersion": "v0.26.0",
    },
}

# Guide line 3755.
FIND_PRODUCT = r"""query findProduct {
  products (where: {name: {contains: "Test Product"}}) {
    id
    name
    variants {
      id
      name
    }
    displays {
      id
      name
    }
  }
}"""

# Guide line 3774.
FIND_PRODUCT_RESPONSE = {
    "data": {
        "products": [
            {
                "id": 4204,
                "name": "Test Product",
                "variants": [{"id": 7861, "name": "Test Variant"}],
                "displays": [{"id": 222, "name": "Test Product Display"}],
            }
        ]
    },
    "extensions": {
        "complexity": 232,
        "permissionsUsed": ["Product:read", "ProductVariant:read", "Display:read"],
        "appVersion": "v0.26.0",
    },
}

# Guide line 3812.
TRANSLATIONS = r"""query productTranslations {
  product(id: 4204) {
    name
    ...translations
  }
}

query variantTranslations {
  productVariant(id: 7861) {
    name
    ...translations
  }
}

query displayTranslations {
  display(id: 222) {
    name
    uri
    ...translations
  }
}

fragment translations on Localizable {
  localized {
    language { id, languageCode, countryCode }
    translations {
      field
      value
    }
  }
}"""

# Guide line 3850.
TRANSLATIONS_RESPONSE = {
    "data": {
        "display": {
            "name": "Test Product",
            "uri": "test-product-uri",
            "localized": [
                {
                    "language": {"id": 5, "languageCode": "de", "countryCode": "DE"},
                    "translations": [
                        {"field": "name", "value": None},
                        {"field": "uri", "value": None},
                        {"field": "metaDescription", "value": None},
                        {"field": "metaKeywords", "value": None},
                        {"field": "metaTitle", "value": None},
                        {"field": "shortDescription", "value": None},
                        {"field": "description", "value": None},
                        {"field": "attributes.prd_meta_title.text", "value": None},
                        {"field": "attributes.prd_short_description.text", "value": None},
                    ],
                },
                {
                    "language": {"id": 2, "languageCode": "sv", "countryCode": "SE"},
                    "translations": [
                        {"field": "name", "value": None},
                        {"field": "uri", "value": None},
                        {"field": "metaDescription", "value": None},
                        {"field": "metaKeywords", "value": None},
                        {"field": "metaTitle", "value": None},
                        {"field": "shortDescription", "value": None},
                        {"field": "description", "value": None},
                        {"field": "attributes.prd_meta_title.text", "value": None},
                        {"field": "attributes.prd_short_description.text", "value": None},
                    ],
                },
            ],
        }
    },
    "extensions": {
        "complexity": 232,
        "permissionsUsed": ["Display:read", "Localization:read", "Language:read"],
        "appVersion": "v0.26.0",
    },
}

# Guide line 3972.
LOCALIZE = r"""mutation addOrEditTranslations {
  localize(input: {
    objectType: Display
    objectId: 222
    language: { id: 5 }
    translations: [
      { field: "name", value: "Name auf deutsch" },
      { field: "uri", value: "german-display-uri" },
    ]
  }) {
    userErrors {
      message
      path
    }
    localizedObject {
      ...translations
    }
  }
}"""

# Guide line 3996.
LOCALIZE_RESPONSE = {
    "data": {
        "display": {
            "name": "Key-Point Boot",
            "uri": "key-point-boot-3202156",
            "localized": [
                {
                    "language": {"id": 5, "languageCode": "de", "countryCode": "DE"},
                    "translations": [
                        {"field": "name", "value": "Name auf deutsch"},
                        {"field": "uri", "value": "german-display-uri"},
                        {"field": "metaDescription", "value": None},
                        {"field": "metaKeywords", "value": None},
                        {"field": "metaTitle", "value": None},
                        {"field": "shortDescription", "value": None},
                        {"field": "description", "value": None},
                        {"field": "attributes.prd_meta_title.text", "value": None},
                        {"field": "attributes.prd_short_description.text", "value": None},
                    ],
                },
                {
                    "language": {"id": 2, "languageCode": "sv", "countryCode": "SE"},
                    "translations": [
                        {"field": "name", "value": None},
                        {"field": "uri", "value": None},
                        {"field": "metaDescription", "value": None},
                        {"field": "metaKeywords", "value": None},
                        {"field": "metaTitle", "value": None},
                        {"field": "shortDescription", "value": None},
                        {"field": "description", "value": None},
                        {"field": "attributes.prd_meta_title.text", "value": None},
                        {"field": "attributes.prd_short_description.text", "value": None},
                    ],
                },
            ],
        }
    },
    "extensions": {
        "complexity": 232,
        "permissionsUsed": ["Display:read", "Localization:read", "Language:read"],
        "appVersion": "v0.26.0",
    },
}

# Guide line 4124.
ALL_IN_ONE = r"""mutation allInOne {
  createSizeChart: createSizeChart(
    input: {
      name: "Chart with two sizes"
      horizontalLabels: ["50", "51"]
      externalId: "My size chart with two sizes"
      dividerSymbol: "-"
      displayDividedBy: 1
    }
  ) {
    userErrors {
      message
      path
    }
    sizeChart {
      id
      name
      sizes {
        id
      }
    }
  }
  createConversionForSize: setIdConversions(
    input: [
      {
        objectType: Size
        externalId: "My size chart with two sizes| my size"
        internalId: 50
      }
    ]
  ) {
    userErrors {
      message
      path
    }
    userWarnings {
      message
      path
    }
    entries {
      id
      externalId
      internalId
      objectType
      integrationName
    }
  }
  createProduct(
    input: {
      name: "xyz"
      status: ACTIVE
      productNumber: "XYZ"
      brand: { id: 1 }
      externalId: "My product 1"
    }
  ) {
    product {
      id
    }
    userErrors {
      message
      path
    }
  }

  createV1: createProductVariant(
    input: {
      product: { externalId: "My product 1" }
      name: "First"
      status: ACTIVE
      sizeChart: {externalId: "My size chart with two sizes" }
      externalId: "My variant 1"
    }
  ) {
    productVariant {
      id
    }
    userErrors {
      message
      path
    }
  }
  createV2: createProductVariant(
    input: {
      product: { externalId: "My product 1" }
      name: "Second"
      status: ACTIVE
      sizeChart: {externalId: "My size chart with two sizes" }
      externalId: "My variant 2"
    }
  ) {
    productVariant {
      id
    }
    userErrors {
      message
      path
    }
  }

  createD1: createDisplay(
    input: {
      product: { externalId: "My product 1" }
      store: { id: 1 }
      name: "Display 1"
      status: ACTIVE
      uri: "some-unique-uri"
      addProductVariants: [
        { productVariant: { externalId: "My variant 1" } }
        { productVariant: { externalId: "My variant 2" } }
      ]
    }
  ) {
    display {
      id
    }
    userErrors {
      message
      path
    }
  }

  createPS1: createProductSize(
    input: {
      productVariant: { externalId: "My variant 1" }
      size: { externalId: "My size chart with two sizes| my size" }
    }
  ) {
    productSize {
      id
    }
    userErrors {
      message
      path
    }
  }
  createS1: changeStock(
    input: {
      intoWarehouse: { id: 1 }
      description: "New stock"
      productVariants: [
        {
          productVariant: { externalId: "My variant 1" }
          unitCost: { value: 41, currencyIsoCode: "EUR" }
          sizeChanges: {
            size: { externalId: "My size chart with two sizes| my size" }
            deliveredQuantity: 5
          }
        }
      ]
    }
  ) {
    stockChange {
      id
    }
    userErrors {
      message
    }
  }
}"""
